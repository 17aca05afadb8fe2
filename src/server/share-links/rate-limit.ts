import "server-only";
import { env } from "@/env";
import type { RateLimiter } from "@/server/rate-limit/memory";
import { createSharedRateLimiter } from "@/server/rate-limit/redis";
import { redis } from "@/server/redis";

const holder = globalThis as typeof globalThis & { craftShareLinkRateLimiter?: RateLimiter };

/**
 * The per-user limit on creating share links: SHARE_LINK_RATE_LIMIT_PER_HOUR in any hour,
 * counted in Redis across instances when REDIS_URL is set, in this process otherwise.
 */
export function shareLinkRateLimiter(): RateLimiter {
  holder.craftShareLinkRateLimiter ??= createSharedRateLimiter(redis(), {
    limit: env().SHARE_LINK_RATE_LIMIT_PER_HOUR,
    windowMs: 3_600_000,
    prefix: "craft:rl:share-link:",
  });
  return holder.craftShareLinkRateLimiter;
}
