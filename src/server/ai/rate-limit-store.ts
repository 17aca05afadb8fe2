import "server-only";
import { env } from "@/env";
import { createMemoryRateLimiter, type RateLimiter } from "@/server/rate-limit/memory";
import { createRedisRateLimiter } from "@/server/rate-limit/redis";
import { redis } from "@/server/redis";

const holder = globalThis as typeof globalThis & { craftChatRateLimiter?: RateLimiter };

/**
 * The per-user limit on /api/chat: CHAT_RATE_LIMIT_PER_MINUTE requests in any minute, counted
 * in Redis across instances when REDIS_URL is set, in this process otherwise.
 */
export function chatRateLimiter(): RateLimiter {
  if (!holder.craftChatRateLimiter) {
    const options = { limit: env().CHAT_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 };
    const memory = createMemoryRateLimiter(options);
    const client = redis();
    holder.craftChatRateLimiter = client
      ? createRedisRateLimiter(client, { ...options, prefix: "craft:rl:chat:", fallback: memory })
      : memory;
  }
  return holder.craftChatRateLimiter;
}
