import "server-only";
import { randomUUID } from "node:crypto";
import { env } from "@/env";
import { logger } from "@/server/logger";
import { redis } from "@/server/redis";
import { publish, subscribe } from "./bus";

const log = logger.child({ area: "live" });

// Open /api/events streams per user, oldest first: Redis's sorted set when there is Redis (so
// the cap holds across instances, scored by when each opened), else this process's list, in
// the order they opened.
const KEY_PREFIX = "craft:live:conns:";
const KEY_TTL_S = 24 * 3600; // forgets a user's set a day after their last connection opened
const local = new Map<string, string[]>();

const evictTopic = (userId: string) => `evict:${userId}`;

/**
 * Registers a new live-event stream of `userId`. When that makes more than
 * LIVE_CONNECTIONS_PER_USER, the oldest streams (on any instance) are told to close: `onEvicted`
 * runs for each of them. Returns the function to call when the stream ends.
 *
 * The newest wins because it is the tab the user just opened or looked at; the evicted tab
 * reconnects when it is next visible (live-events.tsx), evicting the then oldest in turn.
 */
export async function registerConnection(
  userId: string,
  onEvicted: () => void,
): Promise<() => void> {
  const id = randomUUID();
  const unsubscribe = subscribe(evictTopic(userId), (evicted) => {
    if (evicted === id) onEvicted();
  });
  const evicted = await admit(userId, id);
  for (const old of evicted) await publish(evictTopic(userId), old);
  return () => {
    unsubscribe();
    void release(userId, id);
  };
}

/** Adds the connection and returns the ids beyond the cap, oldest first, now removed. */
async function admit(userId: string, id: string): Promise<string[]> {
  const cap = env().LIVE_CONNECTIONS_PER_USER;
  const client = redis();
  if (client) {
    const key = `${KEY_PREFIX}${userId}`;
    try {
      const replies = await client
        .multi()
        .zadd(key, Date.now(), id)
        .zrange(key, 0, -(cap + 1))
        .zremrangebyrank(key, 0, -(cap + 1))
        .expire(key, KEY_TTL_S)
        .exec();
      const [error, overCap] = replies?.[1] ?? [];
      if (error) throw error;
      return overCap as string[];
    } catch (error) {
      // Redis down: this instance still keeps its own streams under the cap.
      log.warn({ err: error }, "connection cap from this instance only");
    }
  }
  const open = local.get(userId) ?? [];
  open.push(id);
  local.set(userId, open);
  return open.splice(0, Math.max(0, open.length - cap));
}

async function release(userId: string, id: string): Promise<void> {
  const open = local.get(userId);
  if (open) {
    const rest = open.filter((c) => c !== id);
    if (rest.length) local.set(userId, rest);
    else local.delete(userId);
  }
  await redis()
    ?.zrem(`${KEY_PREFIX}${userId}`, id)
    .catch(() => {}); // the entry goes when the cap evicts it, or with the key's expiry
}
