import "server-only";
import type { Sendable } from "@/lib/contract/entities";
import type { LiveEvent as ContractEvent } from "@/lib/contract/live-events";
import { type CacheScope, invalidate } from "@/server/cache/response-cache";
import { getDatabase } from "@/server/db";
import { logger } from "@/server/logger";
import type { ChatMessageJson } from "@/server/queries/chat-messages";
import type { ChatSessionJson } from "@/server/queries/session-columns";
import { membersOfSessions } from "@/server/queries/shares";
import { publish, subscribe } from "./bus";

const log = logger.child({ area: "live" });

/** A live event as the server holds it (timestamps still `Date`s). */
export type LiveEvent = Sendable<ContractEvent>;

const userTopic = (userId: string) => `user:${userId}`;

/**
 * Tells everyone who must know about a write: the response cache (awaited, so the writer reads
 * its own write) and the open tabs, on every instance, of the user (a session's owner) and of
 * everyone the session is shared with now.
 */
export async function announce(
  userId: string,
  event: LiveEvent,
  stale: CacheScope[] = scopesOf(event),
) {
  await invalidate(stale);
  await publishOnly(userId, event);
}

/** Several events of one write (a bulk action): each cache scope retired once, then each told. */
export async function announceAll(userId: string, events: LiveEvent[]) {
  const scopes = new Map(
    events.flatMap(scopesOf).map((scope) => [`${scope.kind}:${scope.id}`, scope]),
  );
  await invalidate([...scopes.values()]);
  for (const event of events) await publishOnly(userId, event);
}

/** Tells these users only, whoever the session's members are now (they were read before a delete). */
export async function publishTo(userIds: Iterable<string>, event: LiveEvent) {
  for (const userId of new Set(userIds)) await publish(userTopic(userId), JSON.stringify(event));
}

/**
 * Hands a user's events to `handler`. Once their access to a shared session is revoked, an
 * event about it published before the revocation (on another instance, say) and arriving
 * after it is dropped, until the session is shared with them again.
 */
export function listen(userId: string, handler: (event: LiveEvent) => void): () => void {
  const revoked = new Set<string>();
  return subscribe(userTopic(userId), (payload) => {
    const event = JSON.parse(payload) as LiveEvent;
    if (event.type === "access-revoked") revoked.add(event.chatSessionId);
    if (event.type === "access") revoked.delete(event.chatSessionId);
    const sessionId = sessionOf(event);
    if (sessionId !== null && revoked.has(sessionId)) return;
    handler(event);
  });
}

/** The session an event is about, which its members hear of too; null for the others. */
function sessionOf(event: LiveEvent): string | null {
  switch (event.type) {
    case "message":
      return event.message.chatSessionId;
    case "session":
      return event.chatSession.id;
    case "branch":
    case "message-deleted":
    case "session-deleted":
      return event.chatSessionId;
    default:
      return null;
  }
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
    case "access":
    case "access-revoked":
    case "shares":
      return []; // access is read on every request, never cached
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

/**
 * An event whose cache scopes the previous announcement already retired: to the user, and to
 * the members of the session it is about, read now (a member's copy of a session leaves out
 * the owner's tags).
 */
async function publishOnly(userId: string, event: LiveEvent) {
  await publish(userTopic(userId), JSON.stringify(event));
  const sessionId = sessionOf(event);
  if (sessionId === null) return;
  const members = await membersOf(sessionId);
  if (!members) return;
  const copy = JSON.stringify(
    event.type === "session"
      ? { ...event, chatSession: { ...event.chatSession, tags: undefined } }
      : event,
  );
  for (const member of members) if (member !== userId) await publish(userTopic(member), copy);
}

/**
 * The members of a session now; none when the database cannot say: the owner's tabs were
 * told, the members miss this one event (as a dropped stream would), and the write it follows
 * does not fail for it.
 */
async function membersOf(sessionId: string): Promise<string[] | undefined> {
  try {
    const { db } = await getDatabase();
    return (await membersOfSessions(db, { chatSessionIds: [sessionId] })).get(sessionId);
  } catch (error) {
    log.warn({ err: error }, "could not read a session's members");
    return undefined;
  }
}
