import "server-only";
import { publish, subscribe } from "@/server/live/bus";
import { redis } from "@/server/redis";
import { stopReply } from "./active-replies";

const TOPIC = "control:stop";
const holder = globalThis as typeof globalThis & { craftStopListener?: () => void };

/** Every instance stops the replies it is generating when asked on the bus. */
export function listenForStops(): void {
  holder.craftStopListener ??= subscribe(TOPIC, (payload) => {
    const { messageId, userId, chatSessionId } = JSON.parse(payload) as {
      messageId: string;
      userId: string;
      chatSessionId?: string;
    };
    stopReply(messageId, userId, chatSessionId);
  });
}

/**
 * Stops one of the user's replies (only one in `chatSessionId`, when given). Here if this
 * instance is generating it; otherwise, with Redis, the request goes to every instance and the
 * one generating it stops it. True when it was stopped here or the request went out.
 */
export async function requestStop(
  messageId: string,
  userId: string,
  chatSessionId?: string,
): Promise<boolean> {
  if (stopReply(messageId, userId, chatSessionId)) return true;
  if (!redis()) return false;
  await publish(TOPIC, JSON.stringify({ messageId, userId, chatSessionId }));
  return true;
}
