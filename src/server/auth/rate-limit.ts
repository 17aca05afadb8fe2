import "server-only";
import { createHash } from "node:crypto";
import type { BetterAuthOptions } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import type { Redis } from "ioredis";
import { env } from "@/env";
import { RateLimitedError } from "@/server/errors";
import type { RateLimiter } from "@/server/rate-limit/memory";
import { createSharedRateLimiter } from "@/server/rate-limit/redis";
import { redis } from "@/server/redis";

type RateLimitStorage = NonNullable<NonNullable<BetterAuthOptions["rateLimit"]>["customStorage"]>;

const WINDOW_MS = 60_000;

const holder = globalThis as typeof globalThis & { craftSignInLimiter?: RateLimiter | null };

/**
 * The per-account sign-in limit, as a Better Auth `before` hook on /sign-in/email:
 * AUTH_RATE_LIMIT_PER_MINUTE attempts a minute for one email, whichever address they come from,
 * so rotating addresses buys nothing. Counted in Redis across instances when REDIS_URL is set.
 * Throws RateLimitedError beyond it, which the auth route answers in the API's shape.
 *
 * Every attempt takes a token before the password is checked, right password or wrong, so that
 * parallel guesses cannot all pass before the first failure lands. The price: someone sending
 * attempts for your email holds your sign-in back too, for as long as they keep at it. The
 * email is the one Better Auth itself parsed (compared lowercased, as it does).
 */
export const limitSignInPerAccount = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== "/sign-in/email") return;
  const email: unknown = ctx.body?.email;
  const limiter = signInLimiter();
  if (!limiter || typeof email !== "string") return;
  const result = await limiter.take(hashKey(email.toLowerCase()));
  if (!result.ok) {
    throw new RateLimitedError(
      "Too many sign-in attempts for this account; try again later",
      result.retryAfterSeconds,
    );
  }
});

/**
 * Better Auth's own per-address limits, held in Redis so every instance counts against one
 * budget. If Redis cannot answer, each instance's memory decides (as for the chat limit).
 */
export function redisAuthRateLimitStorage(client: Redis): RateLimitStorage {
  // Better Auth asks with the rule of the path (sign-in, get-session…): one limiter per rule.
  const limiters = new Map<string, RateLimiter>();
  return {
    async consume(key, rule) {
      const id = `${rule.max}/${rule.window}`;
      let limiter = limiters.get(id);
      if (!limiter) {
        limiter = createSharedRateLimiter(client, {
          limit: rule.max,
          windowMs: rule.window * 1000,
          prefix: "craft:rl:auth:",
        });
        limiters.set(id, limiter);
      }
      const result = await limiter.take(hashKey(key));
      return result.ok
        ? { allowed: true, retryAfter: null }
        : { allowed: false, retryAfter: result.retryAfterSeconds };
    },
  };
}

function signInLimiter(): RateLimiter | null {
  if (holder.craftSignInLimiter === undefined) {
    const limit = env().AUTH_RATE_LIMIT_PER_MINUTE;
    holder.craftSignInLimiter =
      limit > 0
        ? createSharedRateLimiter(redis(), {
            limit,
            windowMs: WINDOW_MS,
            prefix: "craft:rl:signin:",
          })
        : null;
  }
  return holder.craftSignInLimiter;
}

/** Forget the limiter (tests that change AUTH_RATE_LIMIT_PER_MINUTE or REDIS_URL). */
export function resetSignInLimiter(): void {
  holder.craftSignInLimiter = undefined;
}

// Keys of a fixed size that keep emails and addresses out of Redis.
function hashKey(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}
