import "server-only";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createMemoryRateLimiter, type RateLimiter } from "./memory";

// A sliding log in a sorted set: drop calls older than the window, count, add this one. Atomic.
const TAKE = `
local key, now, window, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call("ZREMRANGEBYSCORE", key, "-inf", now - window)
if redis.call("ZCARD", key) >= limit then
  local oldest = redis.call("ZRANGE", key, 0, 0, "WITHSCORES")
  return { 0, tonumber(oldest[2]) + window - now }
end
redis.call("ZADD", key, now, member)
redis.call("PEXPIRE", key, window)
return { 1, 0 }`;

/**
 * The same limit as the memory limiter, held in Redis so it counts across instances. If Redis
 * cannot answer, `fallback` (this instance's own count) decides: the limit never blocks chat
 * because Redis is down, and never disappears either.
 */
export function createRedisRateLimiter(
  client: Redis,
  {
    limit,
    windowMs,
    prefix,
    fallback,
  }: { limit: number; windowMs: number; prefix: string; fallback: RateLimiter },
): RateLimiter {
  return {
    async take(key) {
      try {
        const now = Date.now();
        // Unique across instances: two calls in the same millisecond must both count.
        const member = randomUUID();
        const [ok, waitMs] = (await client.eval(
          TAKE,
          1,
          `${prefix}${key}`,
          now,
          windowMs,
          limit,
          member,
        )) as [number, number];
        return ok === 1
          ? { ok: true }
          : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      } catch {
        return fallback.take(key);
      }
    },
  };
}

/**
 * A limit counted in Redis across instances when `client` is given (this instance's memory
 * deciding while Redis cannot answer), in this instance's memory otherwise.
 */
export function createSharedRateLimiter(
  client: Redis | null,
  options: { limit: number; windowMs: number; prefix: string },
): RateLimiter {
  const memory = createMemoryRateLimiter(options);
  return client ? createRedisRateLimiter(client, { ...options, fallback: memory }) : memory;
}
