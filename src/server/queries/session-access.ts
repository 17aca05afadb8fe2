import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { SessionRole } from "@/lib/contract/entities";
import type { Database } from "@/server/db";
import { preparedFor } from "@/server/db/prepared";
import { chatMessages, chatSessionShares, chatSessions, projects } from "@/server/db/schema";

/** What the caller may reach of a session: whose it is, where it lives, and their role. */
export interface SessionAccess {
  ownerId: string;
  projectId: string;
  role: SessionRole;
}

const accessQuery = preparedFor((db) =>
  db
    .select({
      ownerId: sql<string>`p.user_id`,
      projectId: sql<string>`s.project_id`,
      role: sql<SessionRole>`case when p.user_id = ${sql.placeholder("userId")} then 'owner' else sh.role end`,
    })
    .from(
      sql`chat_sessions s join projects p on p.id = s.project_id
        left join chat_session_shares sh
          on sh.chat_session_id = s.id and sh.user_id = ${sql.placeholder("userId")}`,
    )
    .where(
      sql`s.id = ${sql.placeholder("sessionId")}
        and (p.user_id = ${sql.placeholder("userId")} or sh.user_id is not null)`,
    )
    .prepare("session_access"),
);

/**
 * The caller's access to a session: the owner's (through its project), or what a share row
 * grants; null when neither (no such session, or not theirs and not shared with them: the two
 * look the same). Read from the database on every request, never cached, so a removed share
 * takes effect at the next request on every instance. Routes then call the owner-scoped
 * queries with `userId: ownerId`.
 */
export async function sessionAccess(
  db: Database,
  { sessionId, userId }: { sessionId: string; userId: string },
): Promise<SessionAccess | null> {
  const [row] = await accessQuery(db).execute({ sessionId, userId });
  return row ?? null;
}

/**
 * Whether a message id names a message of a session shared with the user (ids live in each
 * owner's namespace, so it is looked up under every owner who shared a session with them).
 * Read only once a route found no message of the user's own: it tells a member's 403 from a
 * stranger's 404.
 */
export async function messageSharedWithUser(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<boolean> {
  const rows = await db
    .select({ id: chatMessages.id })
    .from(chatSessionShares)
    .innerJoin(chatSessions, eq(chatSessions.id, chatSessionShares.chatSessionId))
    .innerJoin(projects, eq(projects.id, chatSessions.projectId))
    .innerJoin(
      chatMessages,
      and(
        eq(chatMessages.userId, projects.userId),
        eq(chatMessages.id, id),
        eq(chatMessages.chatSessionId, chatSessions.id),
      ),
    )
    .where(eq(chatSessionShares.userId, userId))
    .limit(1);
  return rows.length > 0;
}
