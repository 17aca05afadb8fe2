import "server-only";
import { sql } from "drizzle-orm";
import type { SessionRole } from "@/lib/contract/entities";
import type { Database } from "@/server/db";
import { preparedFor } from "@/server/db/prepared";

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
