import "server-only";
import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import type {
  ChatMessage,
  ChatSessionSummary as ContractSessionSummary,
  Stored,
} from "@/lib/contract/entities";
import { nameFromMessage } from "@/lib/session-name";
import type { Database } from "@/server/db";
import { sqlState } from "@/server/db/errors";
import { type Param, preparedFor } from "@/server/db/prepared";
import { chatMessages, chatSessions, type MessageRole, projects } from "@/server/db/schema";
import { ConflictError } from "@/server/errors";

export const messageColumns = {
  id: chatMessages.id,
  chatSessionId: chatMessages.chatSessionId,
  role: chatMessages.role,
  content: chatMessages.content,
  status: chatMessages.status,
  createdAt: chatMessages.createdAt,
};

/** A session as lists show it; a write that changes it returns it so others can be told. */
export type ChatSessionSummary = Stored<ContractSessionSummary>;

export const sessionSummaryColumns = {
  id: chatSessions.id,
  name: chatSessions.name,
  projectId: chatSessions.projectId,
  createdAt: chatSessions.createdAt,
  updatedAt: chatSessions.updatedAt,
  messageCount: chatSessions.messageCount,
};

/** A message as the API sends it, before JSON. */
export type ChatMessageJson = Stored<ChatMessage>;

/** Selects the session's id when the user owns it: message → session → project → user. */
const ownedSession = (
  db: Database,
  { chatSessionId, userId }: { chatSessionId: Param<string>; userId: Param<string> },
) =>
  db
    .select({ id: chatSessions.id, projectId: chatSessions.projectId })
    .from(chatSessions)
    .innerJoin(projects, eq(projects.id, chatSessions.projectId))
    .where(and(eq(chatSessions.id, chatSessionId), eq(projects.userId, userId)));

export interface NewMessage {
  chatSessionId: string;
  userId: string;
  role: MessageRole;
  content: string;
  /** A client-chosen id makes the insert idempotent. */
  id?: string;
}

/** A new message with its session's new summary (for the user's other tabs), or a known one. */
export type InsertedMessage =
  | { message: ChatMessageJson; created: true; session: ChatSessionSummary }
  | { message: ChatMessageJson; created: false; projectId: string };

/**
 * Adds a message to a session the user owns, in one transaction that locks the session row:
 * the message takes the next `seq` (one total order, even for concurrent writers), the
 * session's `updatedAt` moves, and the first user message names a session still on its
 * default name. Re-sending an id of the user's returns the stored message (`created: false`);
 * a different message under that id is a ConflictError. Null when the session is not the
 * user's.
 */
export async function insertChatMessage(
  db: Database,
  input: NewMessage,
): Promise<InsertedMessage | null> {
  try {
    return await db.transaction(async (tx) => {
      const [owned] = await ownedSession(tx, input).for("update", { of: chatSessions });
      if (!owned) return null;
      if (input.id) {
        const [existing] = await tx
          .select(messageColumns)
          .from(chatMessages)
          .where(and(eq(chatMessages.userId, input.userId), eq(chatMessages.id, input.id)));
        if (existing) {
          const message = sameMessageOrConflict(existing, input);
          return { message, created: false, projectId: owned.projectId };
        }
      }
      const session = await advanceSession(tx, {
        chatSessionId: input.chatSessionId,
        added: 1,
        autoName: input.role === "user" ? nameFromMessage(input.content) : null,
      });
      if (!session) return null;
      const [message] = await tx
        .insert(chatMessages)
        .values({
          ...(input.id && { id: input.id }),
          userId: input.userId,
          chatSessionId: input.chatSessionId,
          seq: session.seq,
          role: input.role,
          content: input.content,
          status: "complete",
          // The session's new updatedAt: one instant for both, never behind an earlier message.
          createdAt: session.updatedAt,
        })
        .returning(messageColumns);
      if (!message) throw new Error("insert into chat_messages returned no row");
      const { seq: _seq, nameSource: _nameSource, ...summary } = session;
      return { message, created: true, session: summary };
    });
  } catch (error) {
    // The user's id was taken in another of their sessions meanwhile: the primary key refused it.
    if (sqlState(error) === "23505" && input.id) throw messageIdConflict();
    throw error;
  }
}

/**
 * Moves a locked session on by `added` messages (`removed` taken off its count): the new
 * messages take the `seq`s up to the returned one, `updatedAt` moves, and `autoName` names a
 * session still on its default name.
 */
export async function advanceSession(
  tx: Database,
  {
    chatSessionId,
    added,
    removed = 0,
    autoName,
  }: { chatSessionId: string; added: number; removed?: number; autoName: string | null },
) {
  const [session] = await tx
    .update(chatSessions)
    .set({
      lastMessageSeq: sql`${chatSessions.lastMessageSeq} + ${added}`,
      messageCount: sql`${chatSessions.messageCount} + ${added - removed}`,
      // now() is when the transaction began, before the lock: it would not follow seq.
      updatedAt: sql`greatest(${chatSessions.updatedAt}, clock_timestamp())`,
      ...(autoName && {
        name: sql`case when ${chatSessions.nameSource} = 'default' then ${autoName} else ${chatSessions.name} end`,
        nameSource: sql`case when ${chatSessions.nameSource} = 'default' then 'first_message' else ${chatSessions.nameSource} end`,
      }),
    })
    .where(eq(chatSessions.id, chatSessionId))
    .returning({
      ...sessionSummaryColumns,
      nameSource: chatSessions.nameSource,
      seq: chatSessions.lastMessageSeq,
    });
  return session ?? null;
}

export function sameMessageOrConflict(
  existing: ChatMessageJson,
  input: Pick<NewMessage, "chatSessionId" | "role" | "content">,
): ChatMessageJson {
  const same =
    existing.chatSessionId === input.chatSessionId &&
    existing.role === input.role &&
    existing.content === input.content;
  if (!same) throw messageIdConflict();
  return existing;
}

export const messageIdConflict = () =>
  new ConflictError("A different message already exists with this id");

export interface MessageCursor {
  seq: number;
}

/** The newest `take` messages before `before`, newest first: one backward index range. */
export function messagePageQuery(
  db: Database,
  {
    chatSessionId,
    take,
    before,
  }: { chatSessionId: Param<string>; take: Param<number>; before?: { seq: Param<number> } },
) {
  return db
    .select({ ...messageColumns, seq: chatMessages.seq })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.chatSessionId, chatSessionId),
        before ? lt(chatMessages.seq, before.seq) : undefined,
      ),
    )
    .orderBy(desc(chatMessages.seq))
    .limit(take);
}

const ownedSessionById = preparedFor((db) =>
  ownedSession(db, {
    chatSessionId: sql.placeholder("chatSessionId"),
    userId: sql.placeholder("userId"),
  }).prepare("owned_session"),
);

const newestPage = preparedFor((db) =>
  messagePageQuery(db, {
    chatSessionId: sql.placeholder("chatSessionId"),
    take: sql.placeholder("take"),
  }).prepare("newest_messages"),
);

const pageBefore = preparedFor((db) =>
  messagePageQuery(db, {
    chatSessionId: sql.placeholder("chatSessionId"),
    take: sql.placeholder("take"),
    before: { seq: sql.placeholder("before") },
  }).prepare("messages_before"),
);

/** messagePageQuery, prepared: the newest `take` messages before `before`, newest first. */
export function readMessagePage(
  db: Database,
  { chatSessionId, take, before }: { chatSessionId: string; take: number; before?: MessageCursor },
) {
  return before
    ? pageBefore(db).execute({ chatSessionId, take, before: before.seq })
    : newestPage(db).execute({ chatSessionId, take });
}

/**
 * A session's messages in order: all of them, or with `limit` the newest `limit` before
 * `before`, still oldest first. Null when the session is not the user's.
 */
export async function listChatMessages(
  db: Database,
  params: { chatSessionId: string; userId: string; limit?: number; before?: MessageCursor },
): Promise<{ messages: ChatMessageJson[]; prev: MessageCursor | null } | null> {
  const { chatSessionId, userId, limit, before } = params;
  const [owned] = await ownedSessionById(db).execute({ chatSessionId, userId });
  if (!owned) return null;

  const inSession = eq(chatMessages.chatSessionId, chatSessionId);
  if (limit === undefined) {
    const messages = await db
      .select(messageColumns)
      .from(chatMessages)
      .where(inSession)
      .orderBy(asc(chatMessages.seq));
    return { messages, prev: null };
  }
  const rows = await readMessagePage(db, { chatSessionId, take: limit + 1, before });
  const hasMore = rows.length > limit;
  const page = (hasMore ? rows.slice(0, limit) : rows).reverse();
  const oldest = page[0];
  return {
    messages: page.map(({ seq: _seq, ...message }) => message),
    prev: hasMore && oldest ? { seq: oldest.seq } : null,
  };
}
