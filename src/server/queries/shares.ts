import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type {
  ChatSessionShare,
  Sendable,
  SharedChatSession,
  ShareRole,
  Stored,
} from "@/lib/contract/entities";
import type { Database } from "@/server/db";
import { chatSessionShares, chatSessions, projects, user } from "@/server/db/schema";
import { sessionListItemColumns } from "./session-columns";

/** A share as its session's owner sees it, before JSON. */
export type ShareJson = Stored<ChatSessionShare>;

const shareColumns = {
  chatSessionId: chatSessionShares.chatSessionId,
  userId: chatSessionShares.userId,
  email: user.email,
  name: user.name,
  role: chatSessionShares.role,
  createdAt: chatSessionShares.createdAt,
  updatedAt: chatSessionShares.updatedAt,
};

/** A user's display name (a shared session's owner, for its members). */
export async function userName(db: Database, { userId }: { userId: string }): Promise<string> {
  const [row] = await db.select({ name: user.name }).from(user).where(eq(user.id, userId));
  return row?.name ?? "";
}

/** The signed-up user with this email (stored lower-case by sign-up), or null. */
export async function findUserIdByEmail(
  db: Database,
  { email }: { email: string },
): Promise<string | null> {
  const [row] = await db.select({ id: user.id }).from(user).where(eq(user.email, email));
  return row?.id ?? null;
}

/**
 * Shares a session with a user as `role`, or changes their role when it already is:
 * `created` tells which. The caller has checked that `createdBy` owns the session.
 */
export async function upsertShare(
  db: Database,
  params: { chatSessionId: string; userId: string; role: ShareRole; createdBy: string },
): Promise<{ share: ShareJson; created: boolean }> {
  const [row] = await db
    .insert(chatSessionShares)
    .values(params)
    .onConflictDoUpdate({
      target: [chatSessionShares.chatSessionId, chatSessionShares.userId],
      set: { role: params.role, updatedAt: sql`now()` },
    })
    // xmax is 0 only on a row this statement inserted (not on one it updated).
    .returning({ created: sql<boolean>`(xmax = 0)` });
  const share = await getShare(db, params);
  if (!row || !share) throw new Error("a share could not be read back");
  return { share, created: row.created };
}

export async function getShare(
  db: Database,
  { chatSessionId, userId }: { chatSessionId: string; userId: string },
): Promise<ShareJson | null> {
  const [row] = await db
    .select(shareColumns)
    .from(chatSessionShares)
    .innerJoin(user, eq(user.id, chatSessionShares.userId))
    .where(
      and(eq(chatSessionShares.chatSessionId, chatSessionId), eq(chatSessionShares.userId, userId)),
    );
  return row ?? null;
}

/** The people a session is shared with, in the order they were invited. */
export function listShares(
  db: Database,
  { chatSessionId }: { chatSessionId: string },
): Promise<ShareJson[]> {
  return db
    .select(shareColumns)
    .from(chatSessionShares)
    .innerJoin(user, eq(user.id, chatSessionShares.userId))
    .where(eq(chatSessionShares.chatSessionId, chatSessionId))
    .orderBy(asc(chatSessionShares.createdAt), asc(chatSessionShares.userId));
}

/** A member's new role; null when the session is not shared with them. */
export async function updateShareRole(
  db: Database,
  params: { chatSessionId: string; userId: string; role: ShareRole },
): Promise<ShareJson | null> {
  const { chatSessionId, userId, role } = params;
  const [row] = await db
    .update(chatSessionShares)
    .set({ role })
    .where(
      and(eq(chatSessionShares.chatSessionId, chatSessionId), eq(chatSessionShares.userId, userId)),
    )
    .returning({ userId: chatSessionShares.userId });
  return row ? getShare(db, { chatSessionId, userId }) : null;
}

/** Ends a member's access; false when the session was not shared with them. */
export async function deleteShare(
  db: Database,
  { chatSessionId, userId }: { chatSessionId: string; userId: string },
): Promise<boolean> {
  const rows = await db
    .delete(chatSessionShares)
    .where(
      and(eq(chatSessionShares.chatSessionId, chatSessionId), eq(chatSessionShares.userId, userId)),
    )
    .returning({ userId: chatSessionShares.userId });
  return rows.length > 0;
}

/** Who besides the owner hears about these sessions now: each one's members. */
export async function membersOfSessions(
  db: Database,
  { chatSessionIds }: { chatSessionIds: string[] },
): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>();
  if (chatSessionIds.length === 0) return members;
  const rows = await db
    .select({ chatSessionId: chatSessionShares.chatSessionId, userId: chatSessionShares.userId })
    .from(chatSessionShares)
    .where(inArray(chatSessionShares.chatSessionId, chatSessionIds));
  for (const { chatSessionId, userId } of rows)
    members.set(chatSessionId, [...(members.get(chatSessionId) ?? []), userId]);
  return members;
}

/** The members of every session of one of the user's projects (read before it is deleted). */
export async function membersOfProject(
  db: Database,
  { projectId, userId }: { projectId: string; userId: string },
): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ chatSessionId: chatSessionShares.chatSessionId, userId: chatSessionShares.userId })
    .from(chatSessions)
    .innerJoin(projects, eq(projects.id, chatSessions.projectId))
    .innerJoin(chatSessionShares, eq(chatSessionShares.chatSessionId, chatSessions.id))
    .where(and(eq(chatSessions.projectId, projectId), eq(projects.userId, userId)));
  const members = new Map<string, string[]>();
  for (const row of rows)
    members.set(row.chatSessionId, [...(members.get(row.chatSessionId) ?? []), row.userId]);
  return members;
}

/** Where a page of "shared with me" starts: the last share of the previous page. */
export interface SharedCursor {
  sharedAt: Date;
  id: string;
}

/**
 * Sessions others shared with the user, most recently shared first, after `after`; each with
 * the owner's name, its project's name and the user's role. Nothing else of the project.
 */
export async function listSharedWithUser(
  db: Database,
  { userId, limit, after }: { userId: string; limit: number; after?: SharedCursor },
): Promise<{ sharedSessions: Sendable<SharedChatSession>[]; next: SharedCursor | null }> {
  const owner = sql<string>`(select u.name from "user" u where u.id = ${projects.userId})`;
  const rows = await db
    .select({
      session: sessionListItemColumns,
      role: chatSessionShares.role,
      ownerName: owner,
      projectName: projects.name,
      sharedAt: chatSessionShares.createdAt,
    })
    .from(chatSessionShares)
    .innerJoin(chatSessions, eq(chatSessions.id, chatSessionShares.chatSessionId))
    .innerJoin(projects, eq(projects.id, chatSessions.projectId))
    .where(
      and(
        eq(chatSessionShares.userId, userId),
        after
          ? sql`(${chatSessionShares.createdAt}, ${chatSessionShares.chatSessionId}) < (${after.sharedAt.toISOString()}::timestamptz, ${after.id})`
          : undefined,
      ),
    )
    .orderBy(desc(chatSessionShares.createdAt), desc(chatSessionShares.chatSessionId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    // A member sees the session, not the owner's way of filing it: no tags.
    sharedSessions: page.map(({ session, ...rest }) => ({
      ...rest,
      chatSession: { ...session, tags: [] },
    })),
    next: rows.length > limit && last ? { sharedAt: last.sharedAt, id: last.session.id } : null,
  };
}
