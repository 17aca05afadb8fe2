import "server-only";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { SessionTag, Stored, Tag, TagColor } from "@/lib/contract/entities";
import { MAX_TAGS_PER_SESSION, MAX_TAGS_PER_USER } from "@/lib/contract/limits";
import type { Database } from "@/server/db";
import { sqlState } from "@/server/db/errors";
import { chatSessionTags, sessionTemplates, tags } from "@/server/db/schema";
import { ConflictError, NotFoundError } from "@/server/errors";

export type TagJson = Stored<Tag>;

const tagColumns = {
  id: tags.id,
  name: tags.name,
  color: tags.color,
  createdAt: tags.createdAt,
  updatedAt: tags.updatedAt,
};

const sessionCount = sql<number>`(select count(*)::int from ${chatSessionTags} where ${chatSessionTags.tagId} = ${tags.id})`;

/** The user's tags by name, each with how many sessions carry it. */
export function listTags(db: Database, { userId }: { userId: string }): Promise<TagJson[]> {
  return db
    .select({ ...tagColumns, sessionCount })
    .from(tags)
    .where(eq(tags.userId, userId))
    .orderBy(asc(sql`lower(${tags.name})`), asc(tags.id));
}

const duplicateName = (name: string) => new ConflictError(`A tag named "${name}" already exists`);

export async function insertTag(
  db: Database,
  { userId, name, color }: { userId: string; name: string; color?: TagColor },
): Promise<TagJson> {
  return db.transaction(async (tx) => {
    // Two creates at once must not both pass the count: they take turns per user.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`tags:${userId}`}))`);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(tags)
      .where(eq(tags.userId, userId));
    if (n >= MAX_TAGS_PER_USER)
      throw new ConflictError(`You have ${MAX_TAGS_PER_USER} tags, the most there can be`);
    try {
      const [row] = await tx
        .insert(tags)
        .values({ userId, name, ...(color ? { color } : {}) })
        .returning(tagColumns);
      if (!row) throw new Error("insert returned no row");
      return { ...row, sessionCount: 0 };
    } catch (error) {
      if (sqlState(error) === "23505") throw duplicateName(name);
      throw error;
    }
  });
}

/** Renames or recolours one of the user's tags, everywhere it is used; null when not theirs. */
export async function updateTag(
  db: Database,
  { id, userId, name, color }: { id: string; userId: string; name?: string; color?: TagColor },
): Promise<TagJson | null> {
  try {
    const [row] = await db
      .update(tags)
      .set({ ...(name === undefined ? {} : { name }), ...(color ? { color } : {}) })
      .where(and(eq(tags.id, id), eq(tags.userId, userId)))
      .returning({ ...tagColumns, sessionCount });
    return row ?? null;
  } catch (error) {
    if (sqlState(error) === "23505" && name !== undefined) throw duplicateName(name);
    throw error;
  }
}

/**
 * Deletes one of the user's tags from every session (the links cascade) and template; returns
 * whether it was theirs.
 */
export async function deleteTag(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(tags)
      .where(and(eq(tags.id, id), eq(tags.userId, userId)))
      .returning({ id: tags.id });
    if (!row) return false;
    await tx
      .update(sessionTemplates)
      .set({ tagIds: sql`array_remove(${sessionTemplates.tagIds}, ${id})` })
      .where(
        and(eq(sessionTemplates.userId, userId), sql`${id} = any(${sessionTemplates.tagIds})`),
      );
    return true;
  });
}

/**
 * Throws NotFoundError unless every id is one of the user's tags: another user's tag and a
 * missing one look the same.
 */
export async function assertOwnTags(
  db: Database,
  { tagIds, userId }: { tagIds: readonly string[]; userId: string },
): Promise<void> {
  const unique = [...new Set(tagIds)];
  if (unique.length === 0) return;
  const [{ n } = { n: 0 }] = await db
    .select({ n: count() })
    .from(tags)
    .where(and(eq(tags.userId, userId), inArray(tags.id, unique)));
  if (n !== unique.length) throw new NotFoundError("Tag");
}

/** The tags of each of these sessions, by name. Sessions without tags are not in the map. */
export async function tagsOfSessions(
  db: Database,
  sessionIds: readonly string[],
): Promise<Map<string, SessionTag[]>> {
  const bySession = new Map<string, SessionTag[]>();
  if (sessionIds.length === 0) return bySession;
  const rows = await db
    .select({
      chatSessionId: chatSessionTags.chatSessionId,
      id: tags.id,
      name: tags.name,
      color: tags.color,
    })
    .from(chatSessionTags)
    .innerJoin(tags, eq(tags.id, chatSessionTags.tagId))
    .where(inArray(chatSessionTags.chatSessionId, [...sessionIds]))
    .orderBy(asc(sql`lower(${tags.name})`), asc(tags.id));
  for (const { chatSessionId, ...tag } of rows) {
    const list = bySession.get(chatSessionId);
    if (list) list.push(tag);
    else bySession.set(chatSessionId, [tag]);
  }
  return bySession;
}

/** Sessions with their tags, as the API sends them. */
export async function withTags<S extends { id: string }>(
  db: Database,
  sessions: S[],
): Promise<(S & { tags: SessionTag[] })[]> {
  const bySession = await tagsOfSessions(
    db,
    sessions.map((s) => s.id),
  );
  return sessions.map((s) => ({ ...s, tags: bySession.get(s.id) ?? [] }));
}

/** One session with its tags. */
export async function withTagsOne<S extends { id: string }>(
  db: Database,
  session: S,
): Promise<S & { tags: SessionTag[] }> {
  const [tagged] = await withTags(db, [session]);
  return tagged ?? { ...session, tags: [] };
}

/**
 * Gives these sessions (already checked to be the user's, locked by the caller's transaction)
 * exactly `tagIds` (`set`), or adds or removes them. Throws NotFoundError for a tag that is
 * not the user's and ConflictError when a session would carry more than MAX_TAGS_PER_SESSION.
 */
export async function changeSessionTags(
  tx: Database,
  {
    sessionIds,
    userId,
    set,
    add = [],
    remove = [],
  }: {
    sessionIds: readonly string[];
    userId: string;
    set?: readonly string[];
    add?: readonly string[];
    remove?: readonly string[];
  },
): Promise<void> {
  if (sessionIds.length === 0) return;
  await assertOwnTags(tx, { tagIds: [...(set ?? []), ...add], userId });
  const ids = [...sessionIds];
  const dropped = set
    ? sql`not (${chatSessionTags.tagId} = any(${sql.param([...set])}::text[]))`
    : remove.length > 0
      ? inArray(chatSessionTags.tagId, [...remove])
      : undefined;
  if (dropped)
    await tx
      .delete(chatSessionTags)
      .where(and(inArray(chatSessionTags.chatSessionId, ids), dropped));
  const added = [...new Set(set ?? add)];
  if (added.length > 0)
    await tx
      .insert(chatSessionTags)
      .values(ids.flatMap((chatSessionId) => added.map((tagId) => ({ chatSessionId, tagId }))))
      .onConflictDoNothing();
  const [over] = await tx
    .select({ chatSessionId: chatSessionTags.chatSessionId })
    .from(chatSessionTags)
    .where(inArray(chatSessionTags.chatSessionId, ids))
    .groupBy(chatSessionTags.chatSessionId)
    .having(sql`count(*) > ${MAX_TAGS_PER_SESSION}`)
    .limit(1);
  if (over) throw new ConflictError(`A chat can carry at most ${MAX_TAGS_PER_SESSION} tags`);
}
