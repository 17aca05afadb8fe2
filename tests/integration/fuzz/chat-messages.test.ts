// Fuzzing the chat-message endpoints (tests/helpers/fuzz.ts holds the generators and the
// contract): generated bodies for POST /api/chat-messages, generated query strings for
// GET /api/chat-messages.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { messageListBody } from "@/lib/contract/bodies";
import {
  arbitraries,
  expectReached,
  fx,
  type Json,
  json,
  listExchange,
  messagePosted,
  onTheWire,
  options,
  paged,
  RUNS,
  setUpFuzzing,
} from "../../helpers/fuzz";

setUpFuzzing();

describe("fuzzed JSON bodies", () => {
  it("POST /api/chat-messages", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).postMessage, (body) =>
        json("POST", "/api/chat-messages", body, (res) =>
          messagePosted(res, onTheWire(body) as Json),
        ),
      ),
      options(RUNS.postMessage),
    );
    expectReached(RUNS.postMessage, ["POST /api/chat-messages"]);
  });
});

describe("fuzzed query strings", () => {
  it("GET /api/chat-messages", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).listMessages, (entries) =>
        listExchange("/api/chat-messages", entries, (body, q) => {
          const parsed = messageListBody.parse(body);
          const sessionId = Object.fromEntries(q).chatSessionId;
          expect(fx.sessionIds).toContain(sessionId);
          for (const m of parsed.messages) expect(m.chatSessionId).toBe(sessionId);
          expect(Object.hasOwn(body, "prevCursor")).toBe(paged(q, "before"));
        }),
      ),
      options(RUNS.listMessages),
    );
    expectReached(RUNS.listMessages, ["GET /api/chat-messages"]);
  });
});
