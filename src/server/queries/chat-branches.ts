import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { chatMessages, chatSessions } from "@/server/db/schema";
import { ConflictError, NotFoundError } from "@/server/errors";
import { type BranchMessage, lockOwnedSession, messageInSession } from "./chat-messages";
import {
  landOn,
  leafBelow,
  leaveBranch,
  readActiveBranch,
  readMessageWithSiblings,
} from "./chat-tree";
import { type ChatSessionListItem, sessionListItemColumns } from "./session-columns";

// Writes that change a session's tree without adding to it: a reply's text fixed by hand, a
// subtree deleted, another version chosen. Each takes the session's row lock when it moves
// the active branch or its count, like every message insert.

/**
 * Replaces the text of one of the user's replies (to fix it before sharing it, say); it is
 * `complete` from then on. Null when the user has no such message. A user message is a
 * ConflictError: changing a question without answering it again would leave its reply
 * answering words nobody asked; a new version goes through POST /api/chat with `editOf`. So
 * is a reply still being written (its writer would overwrite the edit).
 */
export async function updateChatMessageForUser(
  db: Database,
  { id, userId, content }: { id: string; userId: string; content: string },
): Promise<{ message: BranchMessage; projectId: string } | null> {
  const [updated] = await db
    .update(chatMessages)
    .set({ content, status: "complete" })
    .where(
      and(
        eq(chatMessages.userId, userId),
        eq(chatMessages.id, id),
        eq(chatMessages.role, "assistant"),
        ne(chatMessages.status, "streaming"),
      ),
    )
    .returning({ id: chatMessages.id, chatSessionId: chatMessages.chatSessionId });
  if (!updated) {
    const [found] = await db
      .select({ role: chatMessages.role })
      .from(chatMessages)
      .where(and(eq(chatMessages.userId, userId), eq(chatMessages.id, id)));
    if (!found) return null;
    throw new ConflictError(
      found.role === "user"
        ? "A user message is changed by sending its new version (POST /api/chat with editOf), which is answered"
        : "The reply is still being written; stop it or wait for it to end",
    );
  }
  const [session] = await db
    .select({ projectId: chatSessions.projectId })
    .from(chatSessions)
    .where(eq(chatSessions.id, updated.chatSessionId));
  const message = await readMessageWithSiblings(db, { id, userId });
  // Deleted in between: as gone as if it had never been found.
  if (!message || !session) return null;
  return { message, projectId: session.projectId };
}

export interface DeletedMessages {
  chatSessionId: string;
  projectId: string;
  deletedCount: number;
  /** Replies of the subtree that were still being written: to be stopped. */
  streamingIds: string[];
  activeLeafId: string | null;
  /** Messages on the active branch now. */
  messageCount: number;
  /** The session when its active branch was cut (its count changed), else null. */
  session: ChatSessionListItem | null;
}

/**
 * Deletes one of the user's messages with everything after it in every version (its
 * subtree), in one transaction under the session's row lock. When the active branch ran
 * through it, the branch moves to the nearest remaining version of the deleted message (the
 * older one first), landing where the user last was below it, or ends at its parent. Null
 * when the user has no such message (a second delete included).
 */
export async function deleteChatMessageForUser(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<DeletedMessages | null> {
  const [target] = await db
    .select({ chatSessionId: chatMessages.chatSessionId })
    .from(chatMessages)
    .where(and(eq(chatMessages.userId, userId), eq(chatMessages.id, id)));
  if (!target) return null;
  const { chatSessionId } = target;
  return db.transaction(async (tx) => {
    const owned = await lockOwnedSession(tx, { chatSessionId, userId });
    if (!owned) return null;
    // Read again under the lock: a delete that got there first leaves nothing to do.
    const message = await messageInSession(tx, { id, chatSessionId, userId });
    if (!message) return null;
    const deleted = (await tx.execute(sql`with recursive subtree as (
        select user_id, id from chat_messages where user_id = ${userId} and id = ${id}
        union all
        select c.user_id, c.id from subtree
        join chat_messages c on c.user_id = subtree.user_id and c.parent_id = subtree.id)
      delete from chat_messages m using subtree
      where m.user_id = subtree.user_id and m.id = subtree.id
      returning m.id, m.status`)) as unknown as { rows: { id: string; status: string }[] };
    const streamingIds = deleted.rows.filter((r) => r.status === "streaming").map((r) => r.id);
    const base = {
      chatSessionId,
      projectId: owned.projectId,
      deletedCount: deleted.rows.length,
      streamingIds,
    };
    const leafId = owned.leaf?.id ?? null;
    if (leafId === null || !deleted.rows.some((r) => r.id === leafId))
      return { ...base, activeLeafId: leafId, messageCount: owned.messageCount, session: null };

    // The active branch ran through the deleted message: on to its nearest version left.
    const sameParent =
      message.parentId === null
        ? sql`${chatMessages.chatSessionId} = ${chatSessionId} and ${chatMessages.parentId} is null`
        : sql`${chatMessages.userId} = ${userId} and ${chatMessages.parentId} = ${message.parentId}`;
    const [sibling] = await tx
      .select({ id: chatMessages.id })
      .from(chatMessages)
      .where(sameParent)
      .orderBy(
        sql`${chatMessages.seq} > ${message.seq}`,
        sql`abs(${chatMessages.seq} - ${message.seq})`,
      )
      .limit(1);
    let leaf: { id: string; depth: number } | null = null;
    if (sibling) leaf = await leafBelow(tx, { userId, id: sibling.id });
    else if (message.parentId !== null) leaf = { id: message.parentId, depth: message.depth - 1 };
    const [session] = await tx
      .update(chatSessions)
      .set({ activeLeafId: leaf?.id ?? null, messageCount: leaf?.depth ?? 0 })
      .where(eq(chatSessions.id, chatSessionId))
      .returning(sessionListItemColumns);
    return {
      ...base,
      activeLeafId: leaf?.id ?? null,
      messageCount: leaf?.depth ?? 0,
      session: session ?? null,
    };
  });
}

export interface SwitchedBranch {
  projectId: string;
  activeLeafId: string;
  messageCount: number;
  /** False when the message was on the active branch already: nothing changed. */
  changed: boolean;
  /** The new active branch's newest `limit` messages, oldest first, with their versions. */
  messages: BranchMessage[];
}

/**
 * Makes the branch through one of the session's messages the active one, landing where the
 * user last was below it (else on its newest messages). The branch being left records its
 * leaf, so switching back returns there. Under the session's lock: O(log distance) lookups to
 * the two branches' meeting point (skip pointers), one per message landing below the target
 * (none when it has a resume leaf that is still a leaf); the new branch's newest page is read
 * once the lock is released (one statement: the page, its leaf and its length agree).
 * Null when the session is not the user's; a message not in it is a NotFoundError.
 */
export async function switchActiveBranchForUser(
  db: Database,
  {
    chatSessionId,
    userId,
    messageId,
    limit,
  }: { chatSessionId: string; userId: string; messageId: string; limit: number },
): Promise<SwitchedBranch | null> {
  const switched = await db.transaction(async (tx) => {
    const owned = await lockOwnedSession(tx, { chatSessionId, userId });
    if (!owned) return null;
    // A session that holds the message has a leaf: every message is under a root.
    if (!owned.leaf) throw new NotFoundError("Message");
    if (messageId === owned.leaf.id) return { projectId: owned.projectId, changed: false };
    const met = await leaveBranch(tx, {
      userId,
      chatSessionId,
      leaf: owned.leaf.id,
      to: messageId,
      onlyIfAway: true,
    });
    if (!met.to) throw new NotFoundError("Message");
    if (met.toChild === null) return { projectId: owned.projectId, changed: false };
    const landing = await landOn(tx, { userId, chatSessionId, id: messageId });
    if (!landing) throw new Error("a message of the session has no leaf below it");
    return { projectId: owned.projectId, changed: true };
  });
  if (!switched) return null;
  const branch = await readActiveBranch(db, { chatSessionId, userId, take: limit });
  // The session was deleted right after the switch: as gone as if it never was.
  if (!branch?.activeLeafId) return null;
  return { ...switched, ...branch, activeLeafId: branch.activeLeafId };
}
