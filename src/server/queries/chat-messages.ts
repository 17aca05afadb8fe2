import "server-only";
import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, sql } from "drizzle-orm";
import type { ChatMessage, Stored } from "@/lib/contract/entities";
import { nameFromMessage } from "@/lib/session-name";
import type { Database } from "@/server/db";
import { sqlState } from "@/server/db/errors";
import { chatMessages, chatSessions, type MessageRole, projects } from "@/server/db/schema";
import { ConflictError, NotFoundError } from "@/server/errors";
import {
  ancestorAtDepth,
  type BranchMessage,
  leaveBranch,
  newSkipId,
  readBranch,
  readMessageWithSiblings,
  siblingsBeforeInsert,
} from "./chat-tree";
import { type ChatSessionListItem, sessionListItemColumns } from "./session-columns";

export const messageColumns = {
  id: chatMessages.id,
  chatSessionId: chatMessages.chatSessionId,
  parentId: chatMessages.parentId,
  role: chatMessages.role,
  authorId: chatMessages.authorId,
  // Raw SQL on purpose: inside a RETURNING, Drizzle writes columns without their table, and
  // the alias keeps `name` and `id` the user's.
  authorName: sql<
    string | null
  >`(select u.name from "user" u where u.id = ${chatMessages.authorId})`,
  content: chatMessages.content,
  status: chatMessages.status,
  createdAt: chatMessages.createdAt,
};

/** A message as the API sends it, before JSON. */
export type ChatMessageJson = Stored<ChatMessage>;

export type { BranchMessage };

/** A message as live events carry it: without its versions. */
export function withoutSiblings({
  siblingCount: _count,
  siblingIndex: _index,
  siblingIds: _ids,
  ...message
}: BranchMessage): ChatMessageJson {
  return message;
}

/**
 * Locks the session's row when the user owns it (session → project → user): every write that
 * adds, removes or moves messages takes this lock first, so they happen one after another.
 * `leaf` is the active branch's newest message (its depth is the session's message count).
 * Read from the locked row itself: a join to another table here would see that table as it
 * was before the wait for the lock (PostgreSQL rechecks only the locked row), so whatever the
 * write needs from chat_messages is read by a statement after this one.
 */
export async function lockOwnedSession(
  tx: Database,
  { chatSessionId, userId }: { chatSessionId: string; userId: string },
) {
  const [owned] = await tx
    .select({
      id: chatSessions.id,
      projectId: chatSessions.projectId,
      messageCount: chatSessions.messageCount,
      activeLeafId: chatSessions.activeLeafId,
    })
    .from(chatSessions)
    .innerJoin(projects, eq(projects.id, chatSessions.projectId))
    .where(and(eq(chatSessions.id, chatSessionId), eq(projects.userId, userId)))
    .for("update", { of: chatSessions });
  if (!owned) return null;
  const { activeLeafId, ...session } = owned;
  return { ...session, leaf: activeLeaf(owned) };
}

/** The active leaf of a session row: the messages on the active branch are its depth. */
export const activeLeaf = ({
  activeLeafId,
  messageCount,
}: {
  activeLeafId: string | null;
  messageCount: number;
}) => (activeLeafId === null ? null : { id: activeLeafId, depth: messageCount });

/** A message of the user's in the given session, with where it sits; null if there is none. */
export async function messageInSession(
  tx: Database,
  { id, chatSessionId, userId }: { id: string; chatSessionId: string; userId: string },
) {
  const [row] = await tx
    .select({
      id: chatMessages.id,
      role: chatMessages.role,
      parentId: chatMessages.parentId,
      depth: chatMessages.depth,
      seq: chatMessages.seq,
    })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.userId, userId),
        eq(chatMessages.id, id),
        eq(chatMessages.chatSessionId, chatSessionId),
      ),
    );
  return row ?? null;
}

/**
 * Makes room for a message under `parent`: when that is not the active leaf, the branch being
 * left records its leaf (see leaveBranch). True when the active branch moves elsewhere than
 * onto its own end.
 */
export async function branchOffTo(
  tx: Database,
  {
    userId,
    chatSessionId,
    leafId,
    parentId,
  }: { userId: string; chatSessionId: string; leafId: string | null; parentId: string | null },
): Promise<boolean> {
  if (parentId === leafId) return false;
  if (leafId !== null) await leaveBranch(tx, { userId, chatSessionId, leaf: leafId, to: parentId });
  return true;
}

export interface NewMessage {
  chatSessionId: string;
  userId: string;
  role: MessageRole;
  content: string;
  /** A client-chosen id makes the insert idempotent. */
  id?: string;
  /** The message it follows; by default the active branch's newest. */
  parentId?: string;
  /** Who sent it when not the owner (`userId`): a collaborator of the shared session. */
  authorId?: string | null;
}

/** A new message with its session's new summary (for the user's other tabs), or a known one. */
export type InsertedMessage =
  | {
      message: BranchMessage;
      created: true;
      session: ChatSessionListItem;
      /** It went elsewhere than onto the end of the active branch: that branch changed. */
      branched: boolean;
    }
  | { message: BranchMessage; created: false; projectId: string };

/**
 * Adds a message to a session the user owns, in one transaction that locks the session row:
 * the message takes the next `seq` (one total order, even for concurrent writers), goes under
 * `parentId` or else after the active branch's newest message, becomes the active leaf, the
 * session's `updatedAt` moves, and the first user message names a session still on its
 * default name. Re-sending an id of the user's returns the stored message (`created: false`);
 * a different message under that id (or under another parent) is a ConflictError. A
 * `parentId` that is not a message of this session is a NotFoundError. Null when the session
 * is not the user's.
 */
export async function insertChatMessage(
  db: Database,
  input: NewMessage,
): Promise<InsertedMessage | null> {
  const { userId, chatSessionId } = input;
  try {
    return await db.transaction(async (tx) => {
      const owned = await lockOwnedSession(tx, input);
      if (!owned) return null;
      if (input.id) {
        const [existing] = await tx
          .select(messageColumns)
          .from(chatMessages)
          .where(and(eq(chatMessages.userId, userId), eq(chatMessages.id, input.id)));
        if (existing) {
          sameMessageOrConflict(existing, input);
          if (input.parentId !== undefined && existing.parentId !== input.parentId)
            throw messageIdConflict();
          const message = await readMessageWithSiblings(tx, { id: existing.id, userId });
          if (!message) throw new Error("a stored message could not be read back");
          return { message, created: false, projectId: owned.projectId };
        }
      }
      // Under the active leaf by default; under `parentId` the active branch leaves its leaf
      // there, which the same statement finds (or not) in the session.
      let parent = owned.leaf;
      let branched = false;
      if (input.parentId !== undefined && input.parentId !== owned.leaf?.id) {
        parent = owned.leaf
          ? (
              await leaveBranch(tx, {
                userId,
                chatSessionId,
                leaf: owned.leaf.id,
                to: input.parentId,
              })
            ).to
          : null;
        if (!parent) throw new NotFoundError("Message");
        branched = true;
      }
      const id = input.id ?? createId();
      const depth = (parent?.depth ?? 0) + 1;
      const session = await advanceSession(tx, {
        chatSessionId,
        added: 1,
        activeLeafId: id,
        messageCount: depth,
        autoName: input.role === "user" ? nameFromMessage(input.content) : null,
      });
      if (!session) return null;
      const [row] = await tx
        .insert(chatMessages)
        .values({
          id,
          userId,
          chatSessionId,
          parentId: parent?.id ?? null,
          depth,
          skipId: newSkipId(userId, depth, parent),
          seq: session.seq,
          role: input.role,
          authorId: input.authorId ?? null,
          content: input.content,
          status: "complete",
          // The session's new updatedAt: one instant for both, never behind an earlier message.
          createdAt: session.updatedAt,
        })
        .returning({ ...messageColumns, siblingIds: siblingsBeforeInsert });
      if (!row) throw new Error("insert into chat_messages returned no row");
      // At the end of the active branch a message has no other version: its leaf had no child.
      const { siblingIds: before, ...stored } = row;
      const siblingIds = [...(branched ? (before ?? []) : []), id];
      const message = {
        ...stored,
        siblingCount: siblingIds.length,
        siblingIndex: siblingIds.length,
        siblingIds,
      };
      const { seq: _seq, nameSource: _nameSource, ...summary } = session;
      return { message, created: true, session: summary, branched };
    });
  } catch (error) {
    // The user's id was taken in another of their sessions meanwhile: the primary key refused it.
    if (sqlState(error) === "23505" && input.id) throw messageIdConflict();
    throw error;
  }
}

/**
 * Moves a locked session on by `added` new messages: they take the `seq`s up to the returned
 * one, `activeLeafId` (the newest of them) ends the active branch, which now holds
 * `messageCount` messages, `updatedAt` moves, and `autoName` names a session still on its
 * default name.
 */
export async function advanceSession(
  tx: Database,
  {
    chatSessionId,
    added,
    activeLeafId,
    messageCount,
    autoName,
  }: {
    chatSessionId: string;
    added: number;
    activeLeafId: string;
    messageCount: number;
    autoName: string | null;
  },
) {
  const [session] = await tx
    .update(chatSessions)
    .set({
      lastMessageSeq: sql`${chatSessions.lastMessageSeq} + ${added}`,
      activeLeafId,
      messageCount,
      // now() is when the transaction began, before the lock: it would not follow seq.
      updatedAt: sql`greatest(${chatSessions.updatedAt}, clock_timestamp())`,
      ...(autoName && {
        name: sql`case when ${chatSessions.nameSource} = 'default' then ${autoName} else ${chatSessions.name} end`,
        nameSource: sql`case when ${chatSessions.nameSource} = 'default' then 'first_message' else ${chatSessions.nameSource} end`,
      }),
    })
    .where(eq(chatSessions.id, chatSessionId))
    .returning({
      ...sessionListItemColumns,
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

/**
 * Where an older page ends: the oldest message of the newer page (its parent starts the
 * page), or, from cursors handed out before messages had versions, a position.
 */
export type MessageCursor = { before: string } | { seq: number };

/**
 * The session's active branch in order: all of it, or with `limit` its newest `limit` messages
 * before `before`, still oldest first; each with its versions. Null when the session is not
 * the user's.
 */
export async function listChatMessages(
  db: Database,
  params: { chatSessionId: string; userId: string; limit?: number; before?: MessageCursor },
): Promise<{ messages: BranchMessage[]; prev: { before: string } | null } | null> {
  const { chatSessionId, userId, limit, before } = params;
  let start: { before: string } | { at: string } | undefined;
  if (before && "before" in before) start = before;
  else if (before) {
    // A position: the newest message older than it starts the page.
    const [older] = await db
      .select({ id: chatMessages.id })
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.chatSessionId, chatSessionId),
          eq(chatMessages.userId, userId),
          sql`${chatMessages.seq} < ${before.seq}`,
        ),
      )
      .orderBy(desc(chatMessages.seq))
      .limit(1);
    if (!older)
      return (
        (await readBranch(db, { chatSessionId, userId, take: 0 })) && { messages: [], prev: null }
      );
    start = { at: older.id };
  }
  const messages = await readBranch(db, { chatSessionId, userId, take: limit, start });
  if (!messages) return null;
  const oldest = messages[0];
  return {
    messages,
    prev: limit !== undefined && oldest?.parentId ? { before: oldest.id } : null,
  };
}

/** A page of the active branch that can be paged both ways: `prev` older, `next` newer. */
export interface MessageWindow {
  messages: BranchMessage[];
  /** The oldest message of the page, for `before`; null at the first message. */
  prev: { before: string } | null;
  /** The newest message of the page, for `after`; null at the active leaf. */
  next: { after: string } | null;
}

const offBranch = () =>
  new ConflictError(
    "The message is not on the session's active branch: show its version first " +
      "(POST /api/chat-sessions/{id}/active-branch)",
  );

/**
 * The session's active branch (its leaf and length) and where a message of it sits: null
 * when the session is not the user's, `message` null when the message is not in the session.
 */
async function branchAndMessage(
  db: Database,
  {
    chatSessionId,
    userId,
    messageId,
  }: { chatSessionId: string; userId: string; messageId: string },
) {
  const [row] = await db
    .select({
      activeLeafId: chatSessions.activeLeafId,
      messageCount: chatSessions.messageCount,
      depth: chatMessages.depth,
    })
    .from(chatSessions)
    .innerJoin(projects, and(eq(projects.id, chatSessions.projectId), eq(projects.userId, userId)))
    .leftJoin(
      chatMessages,
      and(
        eq(chatMessages.userId, userId),
        eq(chatMessages.id, messageId),
        eq(chatMessages.chatSessionId, chatSessions.id),
      ),
    )
    .where(eq(chatSessions.id, chatSessionId));
  if (!row) return null;
  return { leaf: activeLeaf(row), depth: row.depth };
}

/**
 * The messages of the active branch from depth `from` to depth `to` (both on it), oldest
 * first with their versions: the message at `to` is found from the leaf by ancestorAtDepth,
 * then the walk goes up from it.
 */
async function branchSlice(
  db: Database,
  params: { chatSessionId: string; userId: string; leaf: { id: string }; from: number; to: number },
) {
  const { chatSessionId, userId, leaf, from, to } = params;
  const top = await ancestorAtDepth(db, { userId, id: leaf.id, depth: to });
  if (!top) return null;
  return readBranch(db, { chatSessionId, userId, take: to - from + 1, start: { at: top.id } });
}

/**
 * The page of the session's active branch centred on one of its messages: about `limit / 2`
 * messages before it and as many after (more on one side where the other runs out), oldest
 * first, with cursors both ways. Null when the session is not the user's; a message not in
 * the session is a NotFoundError, one on another branch a ConflictError (switch to it first).
 * Costs a lookup per message between the active leaf and the page (see ancestorAtDepth).
 */
export async function listChatMessagesAround(
  db: Database,
  params: { chatSessionId: string; userId: string; around: string; limit: number },
): Promise<MessageWindow | null> {
  const { chatSessionId, userId, around, limit } = params;
  const found = await branchAndMessage(db, { chatSessionId, userId, messageId: around });
  if (!found) return null;
  const { leaf, depth } = found;
  if (depth === null) throw new NotFoundError("Message");
  if (!leaf || depth > leaf.depth) throw offBranch();
  const length = leaf.depth;
  let from = depth - Math.floor((limit - 1) / 2);
  let to = from + limit - 1;
  if (to > length) [from, to] = [Math.max(1, length - limit + 1), length];
  if (from < 1) [from, to] = [1, Math.min(length, limit)];
  const messages = await branchSlice(db, { chatSessionId, userId, leaf, from, to });
  // The message is on the active branch when the walk down from the leaf passes through it.
  if (!messages || messages[depth - from]?.id !== around) throw offBranch();
  return window(messages, to < length);
}

/**
 * The `limit` messages of the session's active branch after one of its messages (towards the
 * newest), oldest first, with cursors both ways. Null when the session is not the user's; a
 * ConflictError when the message is no longer on the active branch (switched away from, or
 * deleted): the newest page is the one to read then.
 */
export async function listChatMessagesAfter(
  db: Database,
  params: { chatSessionId: string; userId: string; after: string; limit: number },
): Promise<MessageWindow | null> {
  const { chatSessionId, userId, after, limit } = params;
  const found = await branchAndMessage(db, { chatSessionId, userId, messageId: after });
  if (!found) return null;
  const { leaf, depth } = found;
  const moved = new ConflictError(
    "The cursor's message is no longer on the session's active branch: read the newest page",
  );
  if (depth === null || !leaf || depth > leaf.depth) throw moved;
  const to = Math.min(leaf.depth, depth + limit);
  if (to === depth) {
    // At the active leaf: nothing newer, if it is still the leaf.
    if (leaf.id !== after) throw moved;
    return { messages: [], prev: null, next: null };
  }
  const messages = await branchSlice(db, { chatSessionId, userId, leaf, from: depth + 1, to });
  if (!messages || messages[0]?.parentId !== after) throw moved;
  return window(messages, to < leaf.depth);
}

function window(messages: BranchMessage[], newerExist: boolean): MessageWindow {
  const oldest = messages[0];
  const newest = messages.at(-1);
  return {
    messages,
    prev: oldest?.parentId ? { before: oldest.id } : null,
    next: newerExist && newest ? { after: newest.id } : null,
  };
}
