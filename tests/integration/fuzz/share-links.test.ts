// Fuzzing the share-link endpoints (tests/helpers/fuzz.ts holds the generators and the
// contract): generated bodies and session ids for POST /api/chat-sessions/[id]/links, and
// generated ids for its list and for DELETE …/links/[linkId].
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shareLinkBody, shareLinkListBody, successBody } from "@/lib/contract/bodies";
import { SHARE_TOKEN_PATTERN } from "@/server/share-links/token";
import {
  acceptWrites,
  arbitraries,
  exchange,
  expectReached,
  fx,
  type Json,
  json,
  onTheWire,
  options,
  pathSegment,
  RUNS,
  setUpFuzzing,
  text,
} from "../../helpers/fuzz";

setUpFuzzing();

const linksOf = (id: string) => `/api/chat-sessions/${pathSegment(id)}/links`;

describe("fuzzed share links", () => {
  it("POST /api/chat-sessions/[id]/links", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).createLink, ([id, body]) =>
        json("POST", linksOf(id), body, async (res) => {
          const context = `link to ${id} ${JSON.stringify(body)}`;
          // Only the session holding messages can be snapshotted; any of Alice's live.
          expect(fx.sessionIds, context).toContain(id);
          expect(res.status, context).toBe(201);
          const { link } = shareLinkBody.parse(await res.json());
          const sent = onTheWire(body) as Json;
          expect(link.chatSessionId, context).toBe(id);
          expect(link.mode, context).toBe(sent.mode ?? "snapshot");
          expect(link.token, context).toMatch(SHARE_TOKEN_PATTERN);
        }),
      ),
      options(RUNS.createLink),
    );
    expectReached(RUNS.createLink, ["POST /api/chat-sessions/[id]/links"]);
  });

  it("GET …/links and DELETE …/links/[linkId]", { timeout: 120_000 }, async () => {
    const [session] = fx.sessionIds;
    if (!session) throw new Error("no fixture session");
    const made: string[] = [];
    for (let n = 0; n < 40; n++) {
      const res = await fx.alice.post(linksOf(session), { mode: n % 2 ? "live" : "snapshot" });
      made.push(res.body.link.id);
    }
    const bobs = (await fx.bob.post(linksOf(fx.otherSessionId), { mode: "live" })).body.link.id;
    await acceptWrites();
    const revoked = new Set<string>();
    const sessionId = fc.oneof(
      { weight: 3, arbitrary: fc.constant(session) },
      { weight: 1, arbitrary: fc.constantFrom(...fx.sessionIds, fx.otherSessionId, "x") },
      { weight: 1, arbitrary: text },
    );
    const linkId = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...made) },
      { weight: 1, arbitrary: fc.constantFrom(bobs, "doesnotexist") },
      { weight: 1, arbitrary: text },
    );
    await fc.assert(
      fc.asyncProperty(fc.tuple(sessionId, linkId, fc.boolean()), ([id, link, list]) =>
        list
          ? exchange({
              method: "GET",
              path: linksOf(id),
              accepted: async (res) => {
                expect(fx.sessionIds).toContain(id);
                const { links } = shareLinkListBody.parse(await res.json());
                for (const l of links) expect(l.chatSessionId).toBe(id);
              },
            })
          : exchange({
              method: "DELETE",
              path: `${linksOf(id)}/${pathSegment(link)}`,
              accepted: async (res) => {
                const context = `revoke ${link} of ${id}`;
                expect(id, context).toBe(session);
                expect(made, context).toContain(link);
                expect(revoked.has(link), context).toBe(false);
                revoked.add(link);
                successBody.parse(await res.json());
              },
            }),
      ),
      options(RUNS.revokeLink),
    );
    expectReached(RUNS.revokeLink, ["DELETE /api/chat-sessions/[id]/links/[linkId]"]);
  });
});
