import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryRateLimiter } from "@/server/rate-limit/memory";

afterEach(() => vi.useRealTimers());

describe("memory rate limiter", () => {
  it("allows `limit` calls per window per key, then says when to come back", async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = createMemoryRateLimiter({ limit: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) expect(await limiter.take("alice")).toEqual({ ok: true });
    vi.setSystemTime(20_000);
    expect(await limiter.take("alice")).toEqual({ ok: false, retryAfterSeconds: 40 });
    expect(await limiter.take("bob")).toEqual({ ok: true });
    vi.setSystemTime(60_001);
    expect(await limiter.take("alice")).toEqual({ ok: true });
  });
});
