import "server-only";
import { createId } from "@paralleldrive/cuid2";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { env } from "@/env";
import { type Database, getDatabase } from "@/server/db";
import { account, session, user, verification } from "@/server/db/schema";
import { allowedOrigins } from "@/server/http/request";
import { redis } from "@/server/redis";
import { authLogger } from "./logger";
import { limitSignInPerAccount, redisAuthRateLimitStorage } from "./rate-limit";
import { authSecret } from "./secret";

/** Better Auth's defaults, stated here because the fast session check relies on them. */
export const SESSION_EXPIRES_IN_S = 7 * 24 * 3600;
export const SESSION_UPDATE_AGE_S = 24 * 3600;

/**
 * Cookies are Secure, and the session cookie `__Secure-` prefixed, exactly when BETTER_AUTH_URL
 * is https. Unset or http: plain cookies, so a LAN install served over http can sign in.
 */
export function secureCookies(): boolean {
  return env().BETTER_AUTH_URL?.startsWith("https://") ?? false;
}

function createAuth(db: Database) {
  const config = env();
  const redisClient = config.AUTH_RATE_LIMIT_PER_MINUTE > 0 ? redis() : null;
  return betterAuth({
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user, session, account, verification },
    }),
    secret: authSecret(),
    baseURL: config.BETTER_AUTH_URL,
    trustedOrigins: (request) => (request ? [...allowedOrigins(request)] : []),
    emailAndPassword: { enabled: true, autoSignIn: true, minPasswordLength: 8 },
    session: { expiresIn: SESSION_EXPIRES_IN_S, updateAge: SESSION_UPDATE_AGE_S },
    // Explicit so tests (NODE_ENV=test) run with the same checks as production.
    advanced: {
      database: { generateId: () => createId() },
      disableOriginCheck: false,
      useSecureCookies: secureCookies(),
      // The per-address limits key on this header. Any client can send X-Forwarded-For to a bare
      // `next start`; behind a proxy, name the header it sets (and overwrites), e.g. x-real-ip.
      ipAddress: { ipAddressHeaders: [config.AUTH_IP_HEADER] },
    },
    hooks: { before: limitSignInPerAccount },
    logger: authLogger,
    // A failure that is not Better Auth's own answer (the database down) comes out of the
    // handler to errorResponse: the documented 503 or 500, logged without query parameters.
    // Otherwise better-call answers a bare 500 and logs the raw error, parameters and all.
    onAPIError: { throw: true },
    rateLimit: {
      enabled: config.AUTH_RATE_LIMIT_PER_MINUTE > 0,
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: config.AUTH_RATE_LIMIT_PER_MINUTE },
        "/sign-up/email": { window: 60, max: config.AUTH_RATE_LIMIT_PER_MINUTE },
      },
      // Shared by instances through Redis. Not `secondaryStorage`: that would move sessions
      // out of the database, where the fast session check (session.ts) reads them.
      customStorage: redisClient ? redisAuthRateLimitStorage(redisClient) : undefined,
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const holder = globalThis as typeof globalThis & { craftAuth?: Promise<Auth> };

/** The process's Better Auth instance, bound to the process's database. */
export function getAuth(): Promise<Auth> {
  holder.craftAuth ??= getDatabase()
    .then(({ db }) => createAuth(db))
    .catch((error: unknown) => {
      holder.craftAuth = undefined;
      throw error;
    });
  return holder.craftAuth;
}

/** Forget the instance (tests that close and reopen the database). */
export function resetAuth(): void {
  holder.craftAuth = undefined;
}
