import { describe, expect, it } from "vitest";
import { signUp } from "../helpers/app";
import { chatBody, sessionFor, sessionRows } from "../helpers/chat";
import { readChunks } from "../helpers/ui-stream";

process.env.CHAT_RATE_LIMIT_PER_MINUTE = "3";
process.env.AI_OFFLINE_CHUNK_DELAY_MS = "0";

describe("rate limit on /api/chat", () => {
  it("answers the user's fourth request in a minute with 429 and Retry-After, saving nothing", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { chatSession } = await sessionFor(alice);
    for (const n of [1, 2, 3]) {
      const res = await alice.stream("/api/chat", chatBody(chatSession.id, `question ${n}`));
      expect(res.status).toBe(200);
      await readChunks(res);
    }
    const limited = await alice.stream("/api/chat", chatBody(chatSession.id, "one too many"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("rate_limited");
    expect((await sessionRows(chatSession.id)).map((r) => r.content)).not.toContain("one too many");

    // The limit is per user.
    const { chatSession: bobs } = await sessionFor(bob);
    const bobsFirst = await bob.stream("/api/chat", chatBody(bobs.id, "my first"));
    expect(bobsFirst.status).toBe(200);
    // Read to its end: the reply is saved before the stream ends, not after the test's teardown.
    await readChunks(bobsFirst);
  });
});
