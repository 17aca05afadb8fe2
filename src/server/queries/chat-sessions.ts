import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { ChatSession, Stored } from "@/lib/contract/entities";
import type { Database } from "@/server/db";
import { sqlState } from "@/server/db/errors";
import { type Param, preparedFor } from "@/server/db/prepared";
import { chatSessions, projects } from "@/server/db/schema";
import { type ChatSessionSummary, sessionSummaryColumns } from "./chat-messages";
import { type BranchMessage, readBranches } from "./chat-tree";

export const sessionColumns = {
  id: chatSessions.id,
  name: chatSessions.name,
  projectId: chatSessions.projectId,
  createdAt: chatSessions.createdAt,
  updatedAt: chatSessions.updatedAt,
};

/** A session as the API sends it, before JSON. */
export type ChatSessionJson = Stored<ChatSession>;

export interface SessionCursor {
  updatedAt: Date;
  id: string;
}

/** Sessions of a project the user owns keep this filter: ownership is checked inside the SQL. */
const ownedBy = (userId: string) =>
  inArray(
    chatSessions.projectId,
    sql`(select ${projects.id} from ${projects} where ${projects.userId} = ${userId})`,
  );

const projectOfUser = preparedFor((db) =>
  db
    .select({ id: projects.id })
    .from(projects)
    .where(
      and(
        eq(projects.id, sql.placeholder("projectId")),
        eq(projects.userId, sql.placeholder("userId")),
      ),
    )
    .prepare("project_of_user"),
);

export async function projectBelongsToUser(
  db: Database,
  { projectId, userId }: { projectId: string; userId: string },
): Promise<boolean> {
  const [row] = await projectOfUser(db).execute({ projectId, userId });
  return row !== undefined;
}

/**
 * The page query itself, exported so a test can EXPLAIN exactly what runs: `take` rows (all
 * without it) after the cursor (`updatedAt` as an ISO string).
 */
export function sessionPageQuery(
  db: Database,
  {
    projectId,
    take,
    after,
  }: {
    projectId: Param<string>;
    take?: Param<number>;
    after?: { updatedAt: Param<string>; id: Param<string> };
  },
) {
  const query = db
    .select(sessionSummaryColumns)
    .from(chatSessions)
    .where(
      and(
        eq(chatSessions.projectId, projectId),
        // A row comparison: PostgreSQL walks the (project_id, updated_at, id) index from it.
        after
          ? sql`(${chatSessions.updatedAt}, ${chatSessions.id}) < (${after.updatedAt}::timestamptz, ${after.id})`
          : undefined,
      ),
    )
    .orderBy(desc(chatSessions.updatedAt), desc(chatSessions.id))
    .$dynamic();
  return take === undefined ? query : query.limit(take);
}

const firstSessionPage = preparedFor((db) =>
  sessionPageQuery(db, {
    projectId: sql.placeholder("projectId"),
    take: sql.placeholder("take"),
  }).prepare("first_session_page"),
);

const sessionPageAfter = preparedFor((db) =>
  sessionPageQuery(db, {
    projectId: sql.placeholder("projectId"),
    take: sql.placeholder("take"),
    after: { updatedAt: sql.placeholder("afterAt"), id: sql.placeholder("afterId") },
  }).prepare("session_page_after"),
);

/** sessionPageQuery, prepared for the paged forms: `take` rows after the cursor. */
function readSessionPage(
  db: Database,
  { projectId, take, after }: { projectId: string; take?: number; after?: SessionCursor },
) {
  if (take === undefined) return sessionPageQuery(db, { projectId });
  if (!after) return firstSessionPage(db).execute({ projectId, take });
  return sessionPageAfter(db).execute({
    projectId,
    take,
    afterAt: after.updatedAt.toISOString(),
    afterId: after.id,
  });
}

/**
 * One page of a project's sessions, most recently updated first (id breaks ties), after
 * `cursor`. Null when the project is not the user's. Reads `limit + 1` rows to tell whether
 * another page follows.
 */
export async function listChatSessions(
  db: Database,
  params: { projectId: string; userId: string; limit?: number; after?: SessionCursor },
): Promise<{
  sessions: ChatSessionSummary[];
  next: SessionCursor | null;
} | null> {
  const { projectId, userId, limit, after } = params;
  if (!(await projectBelongsToUser(db, { projectId, userId }))) return null;
  const take = limit === undefined ? undefined : limit + 1;
  const rows = await readSessionPage(db, { projectId, take, after });
  const hasMore = limit !== undefined && rows.length > limit;
  const sessions = hasMore ? rows.slice(0, limit) : rows;
  const last = sessions.at(-1);
  return { sessions, next: hasMore && last ? { updatedAt: last.updatedAt, id: last.id } : null };
}

/**
 * The active branch of each of the given sessions of the user, every message with its
 * versions, grouped by session, each group in order.
 */
export function messagesBySession(
  db: Database,
  { sessionIds, userId }: { sessionIds: string[]; userId: string },
): Promise<Map<string, BranchMessage[]>> {
  return readBranches(db, { sessionIds, userId });
}

export async function getChatSessionForUser(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<ChatSessionJson | null> {
  const [row] = await db
    .select(sessionColumns)
    .from(chatSessions)
    .where(and(eq(chatSessions.id, id), ownedBy(userId)));
  return row ?? null;
}

/** Creates a session in a project the user owns; null when the project is not theirs. */
export async function insertChatSession(
  db: Database,
  { projectId, userId, name }: { projectId: string; userId: string; name?: string },
): Promise<ChatSessionJson | null> {
  if (!(await projectBelongsToUser(db, { projectId, userId }))) return null;
  try {
    const [row] = await db
      .insert(chatSessions)
      // A name the user chose is theirs: auto-naming never replaces it.
      .values({ projectId, ...(name === undefined ? {} : { name, nameSource: "user" as const }) })
      .returning(sessionColumns);
    return row ?? null;
  } catch (error) {
    if (sqlState(error) === "23503") return null; // the project was deleted meanwhile
    throw error;
  }
}

/** The user's rename: final, never replaced by an automatic name afterwards. */
export async function renameChatSessionForUser(
  db: Database,
  { id, userId, name }: { id: string; userId: string; name: string },
): Promise<ChatSessionJson | null> {
  const [row] = await db
    .update(chatSessions)
    .set({
      name,
      nameSource: "user",
      updatedAt: sql`greatest(${chatSessions.updatedAt}, clock_timestamp())`,
    })
    .where(and(eq(chatSessions.id, id), ownedBy(userId)))
    .returning(sessionColumns);
  return row ?? null;
}

/** Deletes the session, its messages with it (ON DELETE CASCADE); returns its project's id. */
export async function deleteChatSessionForUser(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<string | null> {
  const [row] = await db
    .delete(chatSessions)
    .where(and(eq(chatSessions.id, id), ownedBy(userId)))
    .returning({ projectId: chatSessions.projectId });
  return row?.projectId ?? null;
}

/**
 * The project's most recent session, creating the default "New Chat" when it has none. The
 * project row is locked meanwhile, so two tabs or a double click opening an empty project
 * create one session, not two. Null when the project is not the user's.
 */
export async function ensureChatSession(
  db: Database,
  { projectId, userId }: { projectId: string; userId: string },
): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, projectId), eq(projects.userId, userId)))
      .for("update");
    if (!project) return null;
    const [latest] = await tx
      .select({ id: chatSessions.id })
      .from(chatSessions)
      .where(eq(chatSessions.projectId, projectId))
      .orderBy(desc(chatSessions.updatedAt), desc(chatSessions.id))
      .limit(1);
    if (latest) return latest.id;
    const [created] = await tx
      .insert(chatSessions)
      .values({ projectId })
      .returning({ id: chatSessions.id });
    return created?.id ?? null;
  });
}
