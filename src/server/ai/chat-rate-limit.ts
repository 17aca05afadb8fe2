import "server-only";
import { env } from "@/env";
import type { RateLimiter } from "@/server/rate-limit/memory";
import { createSharedRateLimiter } from "@/server/rate-limit/redis";
import { redis } from "@/server/redis";

const holder = globalThis as typeof globalThis & { craftChatRateLimiter?: RateLimiter };

/**
 * The per-user limit on /api/chat: CHAT_RATE_LIMIT_PER_MINUTE requests in any minute, counted
 * in Redis across instances when REDIS_URL is set, in this process otherwise.
 */
export function chatRateLimiter(): RateLimiter {
  holder.craftChatRateLimiter ??= createSharedRateLimiter(redis(), {
    limit: env().CHAT_RATE_LIMIT_PER_MINUTE,
    windowMs: 60_000,
    prefix: "craft:rl:chat:",
  });
  return holder.craftChatRateLimiter;
}
