import { env } from "@/env";
import { createMemoryRateLimiter, type RateLimiter } from "./rate-limit";

const holder = globalThis as typeof globalThis & { craftChatRateLimiter?: RateLimiter };

/** The per-user limit on /api/chat: CHAT_RATE_LIMIT_PER_MINUTE requests in any minute. */
export function chatRateLimiter(): RateLimiter {
  holder.craftChatRateLimiter ??= createMemoryRateLimiter({
    limit: env().CHAT_RATE_LIMIT_PER_MINUTE,
    windowMs: 60_000,
  });
  return holder.craftChatRateLimiter;
}
