// Fuzzing the chat-session endpoints (tests/helpers/fuzz.ts holds the generators and the
// contract): generated bodies for POST /api/chat-sessions and PATCH /api/chat-sessions/[id],
// generated query strings for GET /api/chat-sessions.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chatSessionBody, chatSessionListBody } from "@/lib/contract/bodies";
import {
  arbitraries,
  expectReached,
  fx,
  get,
  type Json,
  json,
  listExchange,
  onTheWire,
  options,
  paged,
  pathSegment,
  RUNS,
  sessionCreated,
  sessionRenamed,
  setUpFuzzing,
} from "../../helpers/fuzz";

setUpFuzzing();

describe("fuzzed JSON bodies", () => {
  it("POST /api/chat-sessions", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).createSession, (body) =>
        json("POST", "/api/chat-sessions", body, (res) =>
          sessionCreated(res, onTheWire(body) as Json),
        ),
      ),
      options(RUNS.createSession),
    );
    expectReached(RUNS.createSession, ["POST /api/chat-sessions"]);
  });

  it("PATCH /api/chat-sessions/[id]", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).renameSession, async ([id, body]) => {
        const path = `/api/chat-sessions/${pathSegment(id)}`;
        const previous = fx.sessionIds.includes(id) ? (await get(path)).body.chatSession : null;
        await json("PATCH", path, body, async (res) => {
          expect(previous, `PATCH of ${id} accepted`).not.toBeNull();
          await sessionRenamed(res, id, onTheWire(body) as Json, previous);
        });
      }),
      options(RUNS.renameSession),
    );
    expectReached(RUNS.renameSession, ["PATCH /api/chat-sessions/[id]"]);
  });
});

describe("fuzzed summarize-now requests", () => {
  it("POST /api/chat-sessions/[id]/summary", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).summarize, ([id, body]) =>
        json("POST", `/api/chat-sessions/${pathSegment(id)}/summary`, body, async (res) => {
          const context = `summarize ${id} ${JSON.stringify(body)}`;
          expect(fx.sessionIds, context).toContain(id);
          expect(Object.keys(body as Json), context).toEqual([]);
          expect(res.status, context).toBe(202);
          const { chatSession } = chatSessionBody.parse(await res.json());
          expect(chatSession.id, context).toBe(id);
        }),
      ),
      options(RUNS.summarize),
    );
    expectReached(RUNS.summarize, ["POST /api/chat-sessions/[id]/summary"]);
  });
});

describe("fuzzed query strings", () => {
  it("GET /api/chat-sessions", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).listSessions, (entries) =>
        listExchange("/api/chat-sessions", entries, (body, q) => {
          const parsed = chatSessionListBody.parse(body);
          const projectId = Object.fromEntries(q).projectId;
          expect(fx.projectIds).toContain(projectId);
          for (const s of parsed.chatSessions) expect(s.projectId).toBe(projectId);
          expect(Object.hasOwn(body, "nextCursor")).toBe(paged(q, "cursor"));
        }),
      ),
      options(RUNS.listSessions),
    );
    expectReached(RUNS.listSessions, ["GET /api/chat-sessions"]);
  });
});
