import "server-only";
import { EventEmitter } from "node:events";
import { logger } from "@/server/logger";
import { redis, redisSubscriber } from "@/server/redis";

const log = logger.child({ area: "live" });

type Handler = (payload: string) => void;

const CHANNEL_PREFIX = "craft:live:";

interface Bus {
  emitter: EventEmitter;
  subscribed: boolean;
}

const holder = globalThis as typeof globalThis & { craftBus?: Bus };

function bus(): Bus {
  if (!holder.craftBus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0); // one listener per open tab
    holder.craftBus = { emitter, subscribed: false };
  }
  const current = holder.craftBus;
  const subscriber = redisSubscriber();
  if (subscriber && !current.subscribed) {
    current.subscribed = true;
    subscriber.psubscribe(`${CHANNEL_PREFIX}*`).catch((error: Error) => {
      log.warn({ err: error }, "could not subscribe");
      current.subscribed = false;
    });
    subscriber.on("pmessage", (_pattern, channel, payload) => {
      current.emitter.emit(channel.slice(CHANNEL_PREFIX.length), payload);
    });
  }
  return current;
}

/**
 * Delivers a payload to every listener of a topic: in this process, or, with Redis, in every
 * instance (Redis pub/sub carries it, this one included).
 */
export async function publish(topic: string, payload: string): Promise<void> {
  const { emitter } = bus();
  const client = redis();
  if (!client) {
    emitter.emit(topic, payload);
    return;
  }
  try {
    await client.publish(`${CHANNEL_PREFIX}${topic}`, payload);
  } catch (error) {
    // Redis down: at least this instance's tabs hear it.
    log.warn({ err: error }, "could not publish");
    emitter.emit(topic, payload);
  }
}

/** Listens to a topic until the returned function is called. */
export function subscribe(topic: string, handler: Handler): () => void {
  const { emitter } = bus();
  emitter.on(topic, handler);
  return () => emitter.off(topic, handler);
}
