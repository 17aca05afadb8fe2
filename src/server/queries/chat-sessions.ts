import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { sqlState } from "@/server/db/errors";
import { type Param, preparedFor } from "@/server/db/prepared";
import { chatSessions, chatSessionTags, projects } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";
import { type BranchMessage, readBranches } from "./chat-tree";
import {
  type ChatSessionJson,
  type ChatSessionListItem,
  sessionColumns,
  sessionListItemColumns,
} from "./session-columns";
import { assertOwnTags, changeSessionTags } from "./tags";

/** Where a page of the list starts: the last session of the previous page, in list order. */
export interface SessionCursor {
  pinned: boolean;
  updatedAt: Date;
  id: string;
}

/** Which of a project's sessions a list shows. */
export interface SessionFilter {
  /** Archived sessions, or the others (the default list). */
  archived?: boolean;
  /** Only sessions carrying every one of these tags. */
  tagIds?: readonly string[];
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

/** The list's order: pinned first, then most recently active; the id breaks ties. */
const listOrder = [desc(chatSessions.pinned), desc(chatSessions.updatedAt), desc(chatSessions.id)];

/**
 * The page query itself, exported so a test can EXPLAIN exactly what runs: `take` rows (all
 * without it) after the cursor (`updatedAt` as an ISO string), of the archived sessions or the
 * others, carrying every tag of `tagIds`.
 */
export function sessionPageQuery(
  db: Database,
  {
    projectId,
    archived = false,
    tagIds = [],
    take,
    after,
  }: {
    projectId: Param<string>;
    archived?: Param<boolean>;
    tagIds?: readonly string[];
    take?: Param<number>;
    after?: { pinned: Param<boolean>; updatedAt: Param<string>; id: Param<string> };
  },
) {
  const query = db
    .select(sessionListItemColumns)
    .from(chatSessions)
    .where(
      and(
        eq(chatSessions.projectId, projectId),
        eq(chatSessions.archived, archived),
        // A row comparison: PostgreSQL walks the list index from it.
        after
          ? sql`(${chatSessions.pinned}, ${chatSessions.updatedAt}, ${chatSessions.id}) < (${after.pinned}::boolean, ${after.updatedAt}::timestamptz, ${after.id})`
          : undefined,
        ...tagIds.map(
          (tagId) =>
            sql`${chatSessions.id} in (select ${chatSessionTags.chatSessionId} from ${chatSessionTags} where ${chatSessionTags.tagId} = ${tagId})`,
        ),
      ),
    )
    .orderBy(...listOrder)
    .$dynamic();
  return take === undefined ? query : query.limit(take);
}

const firstSessionPage = preparedFor((db) =>
  sessionPageQuery(db, {
    projectId: sql.placeholder("projectId"),
    archived: sql.placeholder("archived"),
    take: sql.placeholder("take"),
  }).prepare("first_session_page"),
);

const sessionPageAfter = preparedFor((db) =>
  sessionPageQuery(db, {
    projectId: sql.placeholder("projectId"),
    archived: sql.placeholder("archived"),
    take: sql.placeholder("take"),
    after: {
      pinned: sql.placeholder("afterPinned"),
      updatedAt: sql.placeholder("afterAt"),
      id: sql.placeholder("afterId"),
    },
  }).prepare("session_page_after"),
);

/** sessionPageQuery, prepared for the common paged forms: `take` rows after the cursor. */
function readSessionPage(
  db: Database,
  {
    projectId,
    filter,
    take,
    after,
  }: { projectId: string; filter: SessionFilter; take?: number; after?: SessionCursor },
) {
  const archived = filter.archived ?? false;
  const tagIds = filter.tagIds ?? [];
  if (take === undefined || tagIds.length > 0) {
    const from = after && { ...after, updatedAt: after.updatedAt.toISOString() };
    return sessionPageQuery(db, { projectId, archived, tagIds, take, after: from });
  }
  if (!after) return firstSessionPage(db).execute({ projectId, archived, take });
  return sessionPageAfter(db).execute({
    projectId,
    archived,
    take,
    afterPinned: after.pinned,
    afterAt: after.updatedAt.toISOString(),
    afterId: after.id,
  });
}

/**
 * One page of a project's sessions in list order (pinned first, then most recently updated;
 * the id breaks ties), after `cursor`. Null when the project is not the user's; NotFoundError
 * for a tag that is not theirs. Reads `limit + 1` rows to tell whether another page follows.
 */
export async function listChatSessions(
  db: Database,
  params: {
    projectId: string;
    userId: string;
    filter?: SessionFilter;
    limit?: number;
    after?: SessionCursor;
  },
): Promise<{
  sessions: ChatSessionListItem[];
  next: SessionCursor | null;
} | null> {
  const { projectId, userId, filter = {}, limit, after } = params;
  if (!(await projectBelongsToUser(db, { projectId, userId }))) return null;
  await assertOwnTags(db, { tagIds: filter.tagIds ?? [], userId });
  const take = limit === undefined ? undefined : limit + 1;
  const rows = await readSessionPage(db, { projectId, filter, take, after });
  const hasMore = limit !== undefined && rows.length > limit;
  const sessions = hasMore ? rows.slice(0, limit) : rows;
  const last = sessions.at(-1);
  return {
    sessions,
    next: hasMore && last ? { pinned: last.pinned, updatedAt: last.updatedAt, id: last.id } : null,
  };
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

/** What a session made from a template copies from it (read by the caller, who may see it). */
export interface SessionTemplateStart {
  id: string;
  instructions: string;
  tagIds: readonly string[];
}

/**
 * Creates a session in a project the user owns, from `template` when given (its instructions
 * and tags, in the same transaction); null when the project is not theirs.
 */
export async function insertChatSession(
  db: Database,
  {
    projectId,
    userId,
    name,
    template,
  }: { projectId: string; userId: string; name?: string; template?: SessionTemplateStart },
): Promise<ChatSessionJson | null> {
  if (!(await projectBelongsToUser(db, { projectId, userId }))) return null;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(chatSessions)
        .values({
          projectId,
          // A name the user chose is theirs: auto-naming never replaces it.
          ...(name === undefined ? {} : { name, nameSource: "user" as const }),
          ...(template ? { templateId: template.id, instructions: template.instructions } : {}),
        })
        .returning(sessionColumns);
      if (row && template && template.tagIds.length > 0)
        await changeSessionTags(tx, { sessionIds: [row.id], userId, set: template.tagIds });
      return row ?? null;
    });
  } catch (error) {
    if (sqlState(error) === "23503") return null; // the project was deleted meanwhile
    throw error;
  }
}

/** What a PATCH may change; absent fields stay as they are. */
export interface SessionChanges {
  name?: string;
  tagIds?: readonly string[];
  pinned?: boolean;
  archived?: boolean;
  instructions?: string;
}

/**
 * Changes one of the user's sessions; null when it is not theirs. A new name is the user's
 * (never replaced by an automatic name afterwards) and counts as activity: it moves the
 * session up the list. Tags, pin, archive and instructions do not: the list does not jump.
 * Archiving unpins. NotFoundError for a tag that is not the user's.
 */
export async function updateChatSessionForUser(
  db: Database,
  { id, userId, changes }: { id: string; userId: string; changes: SessionChanges },
): Promise<ChatSessionJson | null> {
  return db.transaction(async (tx) => {
    const { name, tagIds, pinned, archived, instructions } = changes;
    const set = {
      ...(name === undefined
        ? {}
        : {
            name,
            nameSource: "user" as const,
            updatedAt: sql`greatest(${chatSessions.updatedAt}, clock_timestamp())`,
          }),
      ...(pinned === undefined ? {} : { pinned }),
      ...(archived === undefined ? {} : { archived }),
      ...(archived ? { pinned: false } : {}),
      ...(instructions === undefined ? {} : { instructions }),
    };
    const [row] = await tx
      .update(chatSessions)
      // With nothing else to set (tags only), the row is still locked and returned.
      .set(Object.keys(set).length > 0 ? set : { id: sql`${chatSessions.id}` })
      .where(and(eq(chatSessions.id, id), ownedBy(userId)))
      .returning(sessionColumns);
    if (!row) return null;
    if (tagIds !== undefined)
      await changeSessionTags(tx, { sessionIds: [id], userId, set: tagIds });
    return row;
  });
}

/** A change to many sessions at once (the list's bulk actions). */
export type BulkSessionChange =
  | { addTagIds: readonly string[] }
  | { removeTagIds: readonly string[] }
  | { archived: boolean }
  | { pinned: boolean };

/**
 * Applies one change to several of the user's sessions, all or none: NotFoundError when any of
 * them (or a tag) is not the user's, and nothing changes. Returns the changed sessions.
 */
export async function updateChatSessionsForUser(
  db: Database,
  { ids, userId, change }: { ids: readonly string[]; userId: string; change: BulkSessionChange },
): Promise<ChatSessionJson[]> {
  const unique = [...new Set(ids)];
  return db.transaction(async (tx) => {
    const flags =
      "archived" in change
        ? { archived: change.archived, ...(change.archived ? { pinned: false } : {}) }
        : "pinned" in change
          ? { pinned: change.pinned }
          : { id: sql`${chatSessions.id}` };
    const rows = await tx
      .update(chatSessions)
      .set(flags)
      .where(and(inArray(chatSessions.id, unique), ownedBy(userId)))
      .returning(sessionColumns);
    if (rows.length !== unique.length) throw new NotFoundError("Chat session");
    if ("addTagIds" in change)
      await changeSessionTags(tx, { sessionIds: unique, userId, add: change.addTagIds });
    if ("removeTagIds" in change)
      await changeSessionTags(tx, { sessionIds: unique, userId, remove: change.removeTagIds });
    return rows;
  });
}

/**
 * Deletes several of the user's sessions with their messages, all or none: NotFoundError when
 * any is not theirs. Returns each deleted session's id and project.
 */
export async function deleteChatSessionsForUser(
  db: Database,
  { ids, userId }: { ids: readonly string[]; userId: string },
): Promise<{ id: string; projectId: string }[]> {
  const unique = [...new Set(ids)];
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(chatSessions)
      .where(and(inArray(chatSessions.id, unique), ownedBy(userId)))
      .returning({ id: chatSessions.id, projectId: chatSessions.projectId });
    if (rows.length !== unique.length) throw new NotFoundError("Chat session");
    return rows;
  });
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
 * The first session of the project's list (pinned first, then the most recent; archived ones
 * are not listed), creating the default "New Chat" when it has none. The
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
      .where(and(eq(chatSessions.projectId, projectId), eq(chatSessions.archived, false)))
      .orderBy(...listOrder)
      .limit(1);
    if (latest) return latest.id;
    const [created] = await tx
      .insert(chatSessions)
      .values({ projectId })
      .returning({ id: chatSessions.id });
    return created?.id ?? null;
  });
}
