import "server-only";
import type { Sendable } from "@/lib/contract/entities";
import type { LiveEvent as ContractEvent } from "@/lib/contract/live-events";
import { type CacheScope, invalidate } from "@/server/cache/response-cache";
import type { ChatMessageJson } from "@/server/queries/chat-messages";
import type { ChatSessionJson } from "@/server/queries/session-columns";
import { publish, subscribe } from "./bus";

/** A live event as the server holds it (timestamps still `Date`s). */
export type LiveEvent = Sendable<ContractEvent>;

const userTopic = (userId: string) => `user:${userId}`;

/**
 * Tells everyone who must know about a write: the response cache (awaited, so the writer reads
 * its own write) and the user's open tabs on every instance.
 */
export async function announce(
  userId: string,
  event: LiveEvent,
  stale: CacheScope[] = scopesOf(event),
) {
  await invalidate(stale);
  await publish(userTopic(userId), JSON.stringify(event));
}

/** Several events of one write (a bulk action): each cache scope retired once, then each told. */
export async function announceAll(userId: string, events: LiveEvent[]) {
  const scopes = new Map(
    events.flatMap(scopesOf).map((scope) => [`${scope.kind}:${scope.id}`, scope]),
  );
  await invalidate([...scopes.values()]);
  for (const event of events) await publishOnly(userId, event);
}

export function listen(userId: string, handler: (event: LiveEvent) => void): () => void {
  return subscribe(userTopic(userId), (payload) => handler(JSON.parse(payload) as LiveEvent));
}

function scopesOf(event: LiveEvent): CacheScope[] {
  switch (event.type) {
    case "message":
      return [
        { kind: "session", id: event.message.chatSessionId },
        { kind: "project", id: event.projectId },
      ];
    case "session":
      return [
        { kind: "session", id: event.chatSession.id },
        { kind: "project", id: event.projectId },
      ];
    case "branch":
    case "message-deleted":
    case "session-deleted":
      return [
        { kind: "session", id: event.chatSessionId },
        { kind: "project", id: event.projectId },
      ];
    case "project-deleted":
      return [{ kind: "project", id: event.projectId }];
    case "tags":
      return []; // the announcer names the projects (tag-events.ts)
    case "templates":
      return []; // no cached answer holds a template
    case "import":
      return []; // the job names the projects it wrote to (src/server/imports)
  }
}

/** A new message: its session moved (order, count, maybe its name) as well. */
export async function announceMessage(
  userId: string,
  {
    message,
    session,
  }: { message: ChatMessageJson; session: ChatSessionJson & { messageCount: number } },
) {
  await announce(userId, { type: "message", projectId: session.projectId, message });
  await publishOnly(userId, {
    type: "session",
    projectId: session.projectId,
    chatSession: session,
  });
}

/** An event whose cache scopes the previous announcement already retired. */
function publishOnly(userId: string, event: LiveEvent) {
  return publish(userTopic(userId), JSON.stringify(event));
}
