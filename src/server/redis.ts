import "server-only";
import { Redis } from "ioredis";
import { env } from "@/env";
import { logger } from "@/server/logger";

const holder = globalThis as typeof globalThis & {
  craftRedis?: Redis | null;
  craftRedisSubscriber?: Redis;
};

function connect(role: string): Redis {
  const url = env().REDIS_URL ?? "";
  const client = new Redis(url, {
    // Redis is an accelerator here: a slow or absent one must fail fast, never hold a request.
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: role === "subscriber",
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  const log = logger.child({ area: "redis", role });
  let lastError = "";
  client.on("error", (error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    log.warn({ err: error }, "Redis unavailable");
  });
  client.on("ready", () => {
    if (lastError) log.info("connected again");
    lastError = "";
  });
  return client;
}

/** The shared Redis connection when REDIS_URL is set; null when the app runs without Redis. */
export function redis(): Redis | null {
  if (holder.craftRedis === undefined)
    holder.craftRedis = env().REDIS_URL ? connect("commands") : null;
  return holder.craftRedis;
}

/** A second connection for pub/sub (a subscribed connection cannot run other commands). */
export function redisSubscriber(): Redis | null {
  if (!env().REDIS_URL) return null;
  holder.craftRedisSubscriber ??= connect("subscriber");
  return holder.craftRedisSubscriber;
}
