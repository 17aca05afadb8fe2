import "server-only";
import { env } from "@/env";
import type { RateLimiter } from "@/server/rate-limit/memory";
import { createSharedRateLimiter } from "@/server/rate-limit/redis";
import { redis } from "@/server/redis";

const holder = globalThis as typeof globalThis & { craftImportRateLimiter?: RateLimiter };

/**
 * The per-user limit on POST /api/import: IMPORT_UPLOADS_PER_HOUR in any hour (an import is a
 * big job, a retry loop is not), in Redis across instances when REDIS_URL is set.
 */
export function importRateLimiter(): RateLimiter {
  holder.craftImportRateLimiter ??= createSharedRateLimiter(redis(), {
    limit: env().IMPORT_UPLOADS_PER_HOUR,
    windowMs: 60 * 60_000,
    prefix: "craft:rl:import:",
  });
  return holder.craftImportRateLimiter;
}
