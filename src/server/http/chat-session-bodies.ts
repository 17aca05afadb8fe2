import "server-only";
import type { ChatSessionListBody, MessageListBody } from "@/lib/contract/bodies";
import type { Sendable } from "@/lib/contract/entities";
import type { Database } from "@/server/db";
import { encodeCursor } from "@/server/http/cursor-codec";
import {
  listChatMessages,
  listChatMessagesAfter,
  listChatMessagesAround,
  type MessageCursor,
  type MessageWindow,
} from "@/server/queries/chat-messages";
import {
  listChatSessions,
  messagesBySession,
  type SessionCursor,
  type SessionFilter,
} from "@/server/queries/chat-sessions";
import { withTags } from "@/server/queries/tags";

/**
 * The body of GET /api/chat-sessions: the spec's form (every session with its messages) or
 * the lean one (message counts), paged when asked. Null when the project is not the user's.
 */
export async function chatSessionsBody(
  db: Database,
  params: {
    projectId: string;
    userId: string;
    includeMessages: boolean;
    filter?: SessionFilter;
    limit?: number;
    after?: SessionCursor;
  },
): Promise<Sendable<ChatSessionListBody> | null> {
  const result = await listChatSessions(db, params);
  if (!result) return null;
  const tagged = await withTags(db, result.sessions);
  const chatSessions = params.includeMessages
    ? await withMessages(db, params.userId, tagged)
    : tagged;
  if (params.limit === undefined) return { chatSessions };
  return { chatSessions, nextCursor: result.next ? encodeCursor(result.next) : null };
}

async function withMessages<S extends { id: string; messageCount: number }>(
  db: Database,
  userId: string,
  sessions: S[],
) {
  const messages = await messagesBySession(db, { sessionIds: sessions.map((s) => s.id), userId });
  return sessions.map(({ messageCount: _, ...s }) => ({
    ...s,
    messages: messages.get(s.id) ?? [],
  }));
}

/** The body of GET /api/chat-messages: the active branch, or a page of it with `prevCursor`. */
export async function chatMessagesBody(
  db: Database,
  params: { chatSessionId: string; userId: string; limit?: number; before?: MessageCursor },
): Promise<Sendable<MessageListBody> | null> {
  const result = await listChatMessages(db, params);
  if (!result) return null;
  if (params.limit === undefined) return { messages: result.messages };
  return { messages: result.messages, prevCursor: result.prev ? encodeCursor(result.prev) : null };
}

/**
 * The body of GET /api/chat-messages with `around` or `after`: a page of the active branch
 * with cursors both ways. Null when the session is not the user's.
 */
export async function messageWindowBody(
  db: Database,
  params: { chatSessionId: string; userId: string; limit: number } & (
    | { around: string }
    | { after: string }
  ),
): Promise<Sendable<Required<MessageListBody>> | null> {
  const result: MessageWindow | null =
    "around" in params
      ? await listChatMessagesAround(db, params)
      : await listChatMessagesAfter(db, params);
  if (!result) return null;
  return {
    messages: result.messages,
    prevCursor: result.prev ? encodeCursor(result.prev) : null,
    nextCursor: result.next ? encodeCursor(result.next) : null,
  };
}
