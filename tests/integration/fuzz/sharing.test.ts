// Fuzzing the sharing endpoints (tests/helpers/fuzz.ts holds the generators and the contract):
// generated bodies and path ids for the shares of a session, generated query strings for
// GET /api/shared. Never a 5xx; a refusal writes nothing; an accepted share reads back as sent.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shareBody, sharedListBody, successBody } from "@/lib/contract/bodies";
import {
  acceptWrites,
  arbitraries,
  exchange,
  expectReached,
  fx,
  get,
  type Json,
  json,
  onTheWire,
  options,
  pathSegment,
  RUNS,
  setUpFuzzing,
} from "../../helpers/fuzz";

setUpFuzzing();

const sharesOf = (sessionId: string) => `/api/chat-sessions/${pathSegment(sessionId)}/shares`;

describe("fuzzed share requests", () => {
  it("POST /api/chat-sessions/[id]/shares", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).share, ([id, body]) =>
        json("POST", sharesOf(id), body, async (res) => {
          const input = onTheWire(body) as Json;
          const context = `share ${id} ${JSON.stringify(input)}`;
          expect(fx.sessionIds, context).toContain(id);
          expect([200, 201], context).toContain(res.status);
          const { share } = shareBody.parse(await res.json());
          expect(share.userId, context).toBe(fx.bob.userId);
          expect(share.chatSessionId, context).toBe(id);
          expect(share.role, context).toBe(input.role);
          const listed = (await get(sharesOf(id))).body.shares as Json[];
          expect(listed.find((s) => s.userId === fx.bob.userId)?.role, context).toBe(input.role);
        }),
      ),
      options(RUNS.share),
    );
    expectReached(RUNS.share, ["POST /api/chat-sessions/[id]/shares"]);
  });

  it("PATCH /api/chat-sessions/[id]/shares/[userId]", { timeout: 120_000 }, async () => {
    // Bob is a member of Alice's first session: a PATCH there can be accepted.
    const [first] = fx.sessionIds;
    await fx.alice.post(sharesOf(String(first)), { email: fx.bob.email, role: "viewer" });
    await acceptWrites();
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).updateShare, ([id, userId, body]) =>
        json("PATCH", `${sharesOf(id)}/${pathSegment(userId)}`, body, async (res) => {
          const input = onTheWire(body) as Json;
          const context = `patch ${id}/${userId} ${JSON.stringify(input)}`;
          expect([id, userId], context).toEqual([first, fx.bob.userId]);
          expect(res.status, context).toBe(200);
          expect(shareBody.parse(await res.json()).share.role, context).toBe(input.role);
        }),
      ),
      options(RUNS.updateShare),
    );
    expectReached(RUNS.updateShare, ["PATCH /api/chat-sessions/[id]/shares/[userId]"]);
  });

  it("DELETE /api/chat-sessions/[id]/shares/[userId] and GET …/shares", {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).shareTarget, async ([id, userId]) => {
        // Shared afresh before each delete that may be accepted, so both answers occur.
        if (fx.sessionIds.includes(id)) {
          await fx.alice.post(sharesOf(id), { email: fx.bob.email, role: "viewer" });
          await acceptWrites();
        }
        await exchange({
          method: "GET",
          path: sharesOf(id),
          accepted: async (res) => {
            expect(fx.sessionIds).toContain(id);
            expect(res.status).toBe(200);
          },
        });
        await exchange({
          method: "DELETE",
          path: `${sharesOf(id)}/${pathSegment(userId)}`,
          accepted: async (res) => {
            expect(fx.sessionIds).toContain(id);
            expect(userId).toBe(fx.bob.userId);
            expect(successBody.parse(await res.json())).toEqual({ success: true });
          },
        });
      }),
      options(RUNS.deleteShare),
    );
    expectReached(RUNS.deleteShare, [
      "DELETE /api/chat-sessions/[id]/shares/[userId]",
      "GET /api/chat-sessions/[id]/shares",
    ]);
  });
});

describe("fuzzed query strings", () => {
  it("GET /api/shared", { timeout: 60_000 }, async () => {
    // Bob's view: Alice's sessions shared with him.
    for (const id of fx.sessionIds)
      await fx.alice.post(sharesOf(id), { email: fx.bob.email, role: "viewer" });
    await acceptWrites();
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).listShared, (entries) => {
        const params = new URLSearchParams(entries);
        return exchange({
          method: "GET",
          path: `/api/shared?${params}`,
          cookie: fx.bob.cookie,
          accepted: async (res) => {
            const body = sharedListBody.parse(await res.json());
            const seen = new URL(`/api/shared?${params}`, "http://localhost").searchParams;
            const limit = seen.get("limit");
            expect(body.sharedSessions.length).toBeLessThanOrEqual(
              limit === null ? 50 : Number(limit),
            );
            for (const s of body.sharedSessions) expect(fx.sessionIds).toContain(s.chatSession.id);
          },
        });
      }),
      options(RUNS.listShared),
    );
    expectReached(RUNS.listShared, ["GET /api/shared"]);
  });
});
