export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string): Promise<RateLimitResult>;
}

/**
 * At most `limit` calls per key in any `windowMs`: a sliding log of call times per key, in
 * this process's memory. Enough for one instance; several instances need a shared store.
 */
export function createMemoryRateLimiter({
  limit,
  windowMs,
}: {
  limit: number;
  windowMs: number;
}): RateLimiter {
  const calls = new Map<string, number[]>();
  return {
    async take(key) {
      const now = Date.now();
      const recent = (calls.get(key) ?? []).filter((t) => t > now - windowMs);
      if (recent.length >= limit) {
        calls.set(key, recent);
        const oldest = recent[0] ?? now;
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
        };
      }
      recent.push(now);
      calls.set(key, recent);
      if (calls.size > 10_000) forgetIdle(calls, now - windowMs);
      return { ok: true };
    },
  };
}

function forgetIdle(calls: Map<string, number[]>, cutoff: number) {
  for (const [key, times] of calls) if ((times.at(-1) ?? 0) <= cutoff) calls.delete(key);
}
