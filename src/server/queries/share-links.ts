import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { ShareLinkMode } from "@/lib/contract/entities";
import type { Database } from "@/server/db";
import { chatMessages, chatSessions, projects, shareLinks, user } from "@/server/db/schema";
import { ConflictError } from "@/server/errors";
import { lockOwnedSession } from "./chat-messages";
import { type BranchMessage, branchMessages, branchPageQuery } from "./chat-tree";

/** A link as the server holds it; the route adds its `url`. */
export interface StoredShareLink {
  id: string;
  chatSessionId: string;
  token: string;
  mode: ShareLinkMode;
  createdAt: Date;
}

const linkColumns = {
  id: shareLinks.id,
  chatSessionId: shareLinks.chatSessionId,
  token: shareLinks.token,
  mode: shareLinks.mode,
  createdAt: shareLinks.createdAt,
};

/**
 * A new link to a session the user owns, under `token`; a snapshot link records the active
 * leaf. Under the session's row lock, so the leaf cannot be deleted between its read and the
 * insert. Null when the session is not the user's; a snapshot of an empty session is a
 * ConflictError (there is nothing to show).
 */
export async function insertShareLink(
  db: Database,
  {
    chatSessionId,
    userId,
    mode,
    token,
  }: { chatSessionId: string; userId: string; mode: ShareLinkMode; token: string },
): Promise<StoredShareLink | null> {
  return db.transaction(async (tx) => {
    const owned = await lockOwnedSession(tx, { chatSessionId, userId });
    if (!owned) return null;
    if (mode === "snapshot" && !owned.leaf)
      throw new ConflictError("The session has no messages to share yet");
    const [link] = await tx
      .insert(shareLinks)
      .values({
        token,
        chatSessionId,
        userId,
        mode,
        snapshotLeafId: mode === "snapshot" ? (owned.leaf?.id ?? null) : null,
      })
      .returning(linkColumns);
    return link ?? null;
  });
}

/** The links of a session the user owns, newest first; null when it is not theirs. */
export async function listShareLinks(
  db: Database,
  { chatSessionId, userId }: { chatSessionId: string; userId: string },
): Promise<StoredShareLink[] | null> {
  const rows = await db
    .select({ session: chatSessions.id, link: linkColumns })
    .from(chatSessions)
    .innerJoin(projects, eq(projects.id, chatSessions.projectId))
    .leftJoin(shareLinks, eq(shareLinks.chatSessionId, chatSessions.id))
    .where(and(eq(chatSessions.id, chatSessionId), eq(projects.userId, userId)))
    .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id));
  if (rows.length === 0) return null;
  return rows.flatMap(({ link }) => (link ? [link] : []));
}

/** Revokes a link of a session the user owns: the row goes. False when there was none. */
export async function deleteShareLink(
  db: Database,
  { id, chatSessionId, userId }: { id: string; chatSessionId: string; userId: string },
): Promise<boolean> {
  const deleted = await db
    .delete(shareLinks)
    .where(
      and(
        eq(shareLinks.id, id),
        eq(shareLinks.chatSessionId, chatSessionId),
        eq(shareLinks.userId, userId),
      ),
    )
    .returning({ id: shareLinks.id });
  return deleted.length > 0;
}

/** What the public page of a link shows. */
export interface SharedSession {
  mode: ShareLinkMode;
  linkCreatedAt: Date;
  sessionName: string;
  sessionUpdatedAt: Date;
  /** The owner's display name: nothing else of theirs. */
  ownerName: string;
  /** Messages on the link's branch; `messages` holds the newest `take` of them. */
  messageCount: number;
  messages: Omit<BranchMessage, "siblingCount" | "siblingIndex" | "siblingIds">[];
}

/**
 * The session a token opens, for anyone who holds it: no user scope here, the token is the
 * grant. Read afresh on every call (no cache), so a revoked link is gone at once on every
 * instance. The newest `take` messages of the branch, oldest first: the active branch now
 * (live) or the path up from the leaf recorded at creation (snapshot). Null for an unknown or
 * revoked token.
 */
export async function readSharedSession(
  db: Database,
  { token, take }: { token: string; take: number },
): Promise<SharedSession | null> {
  const [link] = await db
    .select({
      userId: shareLinks.userId,
      chatSessionId: shareLinks.chatSessionId,
      mode: shareLinks.mode,
      linkCreatedAt: shareLinks.createdAt,
      snapshotLeafId: shareLinks.snapshotLeafId,
      snapshotDepth: chatMessages.depth,
      sessionName: chatSessions.name,
      sessionUpdatedAt: chatSessions.updatedAt,
      activeCount: chatSessions.messageCount,
      ownerName: user.name,
    })
    .from(shareLinks)
    .innerJoin(chatSessions, eq(chatSessions.id, shareLinks.chatSessionId))
    .innerJoin(user, eq(user.id, shareLinks.userId))
    .leftJoin(
      chatMessages,
      and(
        eq(chatMessages.userId, shareLinks.userId),
        eq(chatMessages.id, shareLinks.snapshotLeafId),
      ),
    )
    .where(eq(shareLinks.token, token));
  if (!link) return null;
  const { userId, chatSessionId, snapshotLeafId, snapshotDepth, activeCount, ...shown } = link;
  const rows = await branchPageQuery(db, {
    chatSessionId,
    userId,
    take,
    start: snapshotLeafId ? { at: snapshotLeafId } : { leaf: true },
    siblings: false,
  });
  const messages = (branchMessages(rows) ?? []).map(
    ({ siblingCount: _count, siblingIndex: _index, siblingIds: _ids, ...message }) => message,
  );
  return { ...shown, messageCount: snapshotDepth ?? activeCount, messages };
}
