import "server-only";
import type { RateLimiter } from "@/server/rate-limit/memory";
import { createSharedRateLimiter } from "@/server/rate-limit/redis";
import { redis } from "@/server/redis";

/** Uploads a user may start in any 10 minutes: an import is a big job, a retry loop is not. */
export const IMPORTS_PER_WINDOW = 10;

const holder = globalThis as typeof globalThis & { craftImportRateLimiter?: RateLimiter };

/** The per-user limit on POST /api/import, in Redis across instances when REDIS_URL is set. */
export function importRateLimiter(): RateLimiter {
  holder.craftImportRateLimiter ??= createSharedRateLimiter(redis(), {
    limit: IMPORTS_PER_WINDOW,
    windowMs: 10 * 60_000,
    prefix: "craft:rl:import:",
  });
  return holder.craftImportRateLimiter;
}
