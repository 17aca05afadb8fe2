import "server-only";
import { logger } from "@/server/logger";
import { redis } from "@/server/redis";

const log = logger.child({ area: "cache" });

/** What a cached response depends on: a project's session list, or one session's messages. */
export type CacheScope = { kind: "project" | "session"; id: string };

// Short: the bound on staleness if Redis ever fails to take an invalidation.
const TTL_SECONDS = 60;
const versionKey = (scope: CacheScope) => `craft:ver:${scope.kind}:${scope.id}`;

// One round trip: read the scope's version and the body stored under it.
const READ = `
local version = redis.call("GET", KEYS[1]) or "0"
return { version, redis.call("GET", ARGV[1] .. version .. ":" .. ARGV[2]) }`;

/**
 * Cache-aside for a JSON body, when Redis is configured. Entries are keyed by the scope's
 * version, and every write bumps the version before it answers: a user always reads their
 * own writes, and a read that raced a write can only fill a key nobody reads any more. The
 * key includes the user, and `load` checks ownership on a miss, so a hit proves access too.
 * `load` returning null (not found) is not cached. Without Redis, or with Redis down, it
 * simply loads.
 */
export async function cachedJson(
  scope: CacheScope,
  userId: string,
  variant: string,
  load: () => Promise<unknown | null>,
): Promise<string | null> {
  const client = redis();
  const prefix = `craft:c:${scope.kind}:${scope.id}:${userId}:`;
  let version: string | undefined;
  if (client) {
    try {
      const [current, body] = (await client.eval(READ, 1, versionKey(scope), prefix, variant)) as [
        string,
        string | null,
      ];
      if (body !== null) return body;
      version = current;
    } catch {
      // Redis unavailable: serve from the database.
    }
  }
  const value = await load();
  if (value === null) return null;
  const body = JSON.stringify(value);
  if (client && version !== undefined) {
    client.set(`${prefix}${version}:${variant}`, body, "EX", TTL_SECONDS).catch(() => {});
  }
  return body;
}

/** Makes every cached response of these scopes unreachable. Awaited before a write answers. */
export async function invalidate(scopes: CacheScope[]): Promise<void> {
  const client = redis();
  if (!client || scopes.length === 0) return;
  try {
    const pipeline = client.pipeline();
    for (const scope of scopes)
      pipeline.incr(versionKey(scope)).expire(versionKey(scope), 7 * 24 * 3600);
    await pipeline.exec();
  } catch (error) {
    // Stale entries then live at most TTL_SECONDS; say so rather than fail the write.
    log.warn({ err: error }, "could not invalidate");
  }
}
