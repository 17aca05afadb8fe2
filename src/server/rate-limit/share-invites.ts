import "server-only";
import { env } from "@/env";
import { redis } from "@/server/redis";
import type { RateLimiter } from "./memory";
import { createSharedRateLimiter } from "./redis";

const holder = globalThis as typeof globalThis & { craftShareInviteLimiter?: RateLimiter };

/**
 * The per-user limit on invitations: SHARE_INVITES_PER_HOUR in any hour, across instances
 * with Redis. Every attempt counts, an unknown email too: finding out which emails have an
 * account stays slow.
 */
export function shareInviteRateLimiter(): RateLimiter {
  holder.craftShareInviteLimiter ??= createSharedRateLimiter(redis(), {
    limit: env().SHARE_INVITES_PER_HOUR,
    windowMs: 3_600_000,
    prefix: "craft:rl:share:",
  });
  return holder.craftShareInviteLimiter;
}
