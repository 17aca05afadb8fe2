import "server-only";
import { createHash } from "node:crypto";
import type { BetterAuthOptions } from "better-auth";
import type { Redis } from "ioredis";
import { env } from "@/env";
import { ApiError } from "@/server/http/errors";
import type { RateLimiter } from "@/server/rate-limit/memory";
import { createSharedRateLimiter } from "@/server/rate-limit/redis";
import { redis } from "@/server/redis";

type RateLimitStorage = NonNullable<NonNullable<BetterAuthOptions["rateLimit"]>["customStorage"]>;

const SIGN_IN_PATH = "/api/auth/sign-in/email";
const WINDOW_MS = 60_000;

const holder = globalThis as typeof globalThis & { craftSignInLimiter?: RateLimiter | null };

/**
 * The per-account sign-in limit: AUTH_RATE_LIMIT_PER_MINUTE attempts a minute for one email,
 * whichever address they come from, so rotating X-Forwarded-For values buys nothing. Counted
 * in Redis across instances when REDIS_URL is set. Throws ApiError("rate_limited") beyond it.
 *
 * Every attempt takes a token before Better Auth sees it, right password or wrong, so that
 * parallel guesses cannot all pass before the first failure lands. The price: someone sending
 * attempts for your email holds your sign-in back too, for as long as they keep at it.
 *
 * A body this cannot read (not JSON or form data, malformed, no string email) goes on to
 * Better Auth unchanged, which refuses it: the limit reads the body exactly as Better Auth
 * does (the last `email` field wins, compared lowercased), so no spelling of a request signs
 * in without being counted.
 */
export async function limitSignInPerAccount(req: Request): Promise<void> {
  if (req.method !== "POST" || !isSignInPath(req.url)) return;
  const limiter = signInLimiter();
  if (!limiter) return;
  const email = await signInEmail(req);
  if (email === undefined) return;
  const result = await limiter.take(hashKey(email.toLowerCase()));
  if (!result.ok) {
    throw new ApiError(
      "rate_limited",
      "Too many sign-in attempts for this account; try again later",
      undefined,
      { "Retry-After": String(result.retryAfterSeconds) },
    );
  }
}

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

// Wider than Better Auth's router (which wants this exact path): a spelling it would answer
// 404 costs a token, one it would answer cannot slip past.
function isSignInPath(url: string): boolean {
  let path = new URL(url).pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // not valid percent-encoding: compare it as it is
  }
  return path.toLowerCase().replace(/\/+/g, "/").replace(/\/$/, "") === SIGN_IN_PATH;
}

/** The email of a sign-in body, read from a copy the way Better Auth reads the original. */
async function signInEmail(req: Request): Promise<string | undefined> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  try {
    if (type === "application/json") {
      const body: unknown = await req.clone().json();
      const email =
        typeof body === "object" && body !== null ? (body as { email?: unknown }).email : undefined;
      return typeof email === "string" ? email : undefined;
    }
    if (type === "application/x-www-form-urlencoded") {
      const email = (await req.clone().formData()).getAll("email").at(-1);
      return typeof email === "string" ? email : undefined;
    }
  } catch {
    // Malformed: Better Auth answers it.
  }
  return undefined;
}

// Keys of a fixed size that keep emails and addresses out of Redis.
function hashKey(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}
