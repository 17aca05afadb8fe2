// Fuzzing the streaming chat endpoints (tests/helpers/fuzz.ts holds the generators and the
// contract): generated bodies for POST /api/chat (the offline model) and POST /api/chat/stop.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stopReplyResultBody } from "@/lib/contract/bodies";
import {
  arbitraries,
  chatAccepted,
  expectReached,
  fx,
  type Json,
  json,
  onTheWire,
  options,
  RUNS,
  setUpFuzzing,
} from "../../helpers/fuzz";

setUpFuzzing();

describe("fuzzed JSON bodies", () => {
  it("POST /api/chat (the offline model)", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).chat, (body) =>
        json("POST", "/api/chat", body, (res) => chatAccepted(res, onTheWire(body) as Json)),
      ),
      options(RUNS.chat),
    );
    expectReached(RUNS.chat, ["POST /api/chat"]);
  });

  it("POST /api/chat/stop", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).stop, (body) =>
        json("POST", "/api/chat/stop", body, async (res) => {
          expect(res.status).toBe(200);
          // No reply of this test's user is running: there is nothing to stop.
          expect(stopReplyResultBody.parse(await res.json())).toEqual({ stopped: false });
        }),
      ),
      options(RUNS.stop),
    );
    expectReached(RUNS.stop, ["POST /api/chat/stop"]);
  });
});
