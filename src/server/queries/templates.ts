import "server-only";
import { and, asc, count, eq, isNull, or, sql } from "drizzle-orm";
import type { SessionTag, SessionTemplate, Stored } from "@/lib/contract/entities";
import { MAX_TEMPLATE_NAME, MAX_TEMPLATES_PER_USER } from "@/lib/contract/limits";
import type { Database } from "@/server/db";
import {
  chatMessages,
  chatSessions,
  chatSessionTags,
  projects,
  sessionTemplates,
  tags,
} from "@/server/db/schema";
import { ConflictError } from "@/server/errors";
import { BUILT_IN_TEMPLATE_IDS } from "./built-in-templates";
import { ancestorAtDepth } from "./chat-tree";
import { assertOwnTags } from "./tags";

export type TemplateJson = Stored<SessionTemplate>;

/** What a template holds besides its name; absent fields keep their value (or default). */
export interface TemplateFields {
  name: string;
  description?: string;
  instructions?: string;
  firstMessage?: string;
  tagIds?: readonly string[];
}

const t = sessionTemplates;

const templateColumns = {
  id: t.id,
  userId: t.userId,
  name: t.name,
  description: t.description,
  instructions: t.instructions,
  firstMessage: t.firstMessage,
  tagIds: t.tagIds,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
};
type TemplateRow = typeof sessionTemplates.$inferSelect;

/** Built-ins (no user) and the user's own: what the user may read and use. */
const visibleTo = (userId: string) => or(isNull(t.userId), eq(t.userId, userId));

/**
 * Rows as the API sends them: `tags` are the tags of `tagIds` that still exist and are the
 * user's, by name (a deleted tag's id is dropped from templates anyway; this also covers a race).
 */
async function withTemplateTags(
  db: Database,
  userId: string,
  rows: TemplateRow[],
): Promise<TemplateJson[]> {
  const ids = [...new Set(rows.flatMap((r) => r.tagIds))];
  const found =
    ids.length === 0
      ? []
      : await db
          .select({ id: tags.id, name: tags.name, color: tags.color })
          .from(tags)
          .where(and(eq(tags.userId, userId), sql`${tags.id} = any(${sql.param(ids)}::text[])`));
  const byId = new Map<string, SessionTag>(found.map((tag) => [tag.id, tag]));
  return rows.map(({ userId: owner, tagIds, ...row }) => ({
    ...row,
    tags: tagIds
      .flatMap((id) => byId.get(id) ?? [])
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())),
    builtIn: owner === null,
  }));
}

/** The built-in templates in their shipped order, then the user's own by name. */
export async function listTemplates(
  db: Database,
  { userId }: { userId: string },
): Promise<TemplateJson[]> {
  const rows = await db
    .select(templateColumns)
    .from(t)
    .where(visibleTo(userId))
    .orderBy(
      sql`${t.userId} is not null`,
      sql`array_position(${sql.param([...BUILT_IN_TEMPLATE_IDS])}::text[], ${t.id})`,
      asc(sql`lower(${t.name})`),
      asc(t.id),
    );
  return withTemplateTags(db, userId, rows);
}

/** A built-in template or one of the user's; null otherwise (another user's looks missing). */
export async function getTemplate(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<TemplateJson | null> {
  const [row] = await db
    .select(templateColumns)
    .from(t)
    .where(and(eq(t.id, id), visibleTo(userId)));
  if (!row) return null;
  const [template] = await withTemplateTags(db, userId, [row]);
  return template ?? null;
}

/**
 * Creates one of the user's templates. NotFoundError for a tag that is not theirs,
 * ConflictError past MAX_TEMPLATES_PER_USER.
 */
export async function insertTemplate(
  db: Database,
  { userId, fields }: { userId: string; fields: TemplateFields },
): Promise<TemplateJson> {
  const row = await db.transaction(async (tx) => {
    // Two creates at once must not both pass the count: they take turns per user.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`templates:${userId}`}))`);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(t).where(eq(t.userId, userId));
    if (n >= MAX_TEMPLATES_PER_USER)
      throw new ConflictError(
        `You have ${MAX_TEMPLATES_PER_USER} templates, the most there can be`,
      );
    await assertOwnTags(tx, { tagIds: fields.tagIds ?? [], userId });
    const [inserted] = await tx
      .insert(t)
      .values({ ...definedFields(fields), name: fields.name, userId })
      .returning(templateColumns);
    if (!inserted) throw new Error("insert returned no row");
    return inserted;
  });
  const [template] = await withTemplateTags(db, userId, [row]);
  if (!template) throw new Error("lost the template just inserted");
  return template;
}

/** `fields` without its undefined members, tag ids as an array. */
function definedFields({ tagIds, ...fields }: Partial<TemplateFields>) {
  const set: Partial<Omit<TemplateFields, "tagIds">> & { tagIds?: string[] } = {};
  for (const [key, value] of Object.entries(fields) as [keyof typeof fields, string][])
    if (value !== undefined) set[key] = value;
  if (tagIds !== undefined) set.tagIds = [...tagIds];
  return set;
}

const builtInIsReadOnly = () =>
  new ConflictError("A built-in template cannot be changed or deleted: copy it instead");

/**
 * Locks a template the user can see, for a write: null when there is none (or it is another
 * user's); ConflictError when it is built in.
 */
async function lockOwnTemplate(tx: Database, { id, userId }: { id: string; userId: string }) {
  const [row] = await tx
    .select({ userId: t.userId })
    .from(t)
    .where(and(eq(t.id, id), visibleTo(userId)))
    .for("update");
  if (!row) return false;
  if (row.userId === null) throw builtInIsReadOnly();
  return true;
}

/**
 * Changes one of the user's templates; null when it is not theirs. ConflictError for a
 * built-in one, NotFoundError for a tag that is not theirs; nothing changes on either.
 */
export async function updateTemplate(
  db: Database,
  { id, userId, changes }: { id: string; userId: string; changes: Partial<TemplateFields> },
): Promise<TemplateJson | null> {
  const row = await db.transaction(async (tx) => {
    if (!(await lockOwnTemplate(tx, { id, userId }))) return null;
    await assertOwnTags(tx, { tagIds: changes.tagIds ?? [], userId });
    const [updated] = await tx
      .update(t)
      .set(definedFields(changes))
      .where(and(eq(t.id, id), eq(t.userId, userId)))
      .returning(templateColumns);
    return updated ?? null;
  });
  if (!row) return null;
  const [template] = await withTemplateTags(db, userId, [row]);
  return template ?? null;
}

/**
 * Deletes one of the user's templates; false when it is not theirs. Sessions made from it keep
 * their instructions and tags; their `template_id` becomes null. ConflictError for a built-in.
 */
export async function deleteTemplate(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await lockOwnTemplate(tx, { id, userId }))) return false;
    await tx.delete(t).where(and(eq(t.id, id), eq(t.userId, userId)));
    return true;
  });
}

/**
 * What a template saved from one of the user's sessions holds: the session's name (cut to a
 * template name's length), instructions and tags, and the first user message of its active
 * branch as the first message. Null when the session is not the user's.
 */
export async function templateFromSession(
  db: Database,
  { sessionId, userId }: { sessionId: string; userId: string },
): Promise<Required<TemplateFields> | null> {
  const [session] = await db
    .select({
      name: chatSessions.name,
      instructions: chatSessions.instructions,
      activeLeafId: chatSessions.activeLeafId,
      tagIds: sql<
        string[]
      >`array(select ${chatSessionTags.tagId} from ${chatSessionTags} where ${chatSessionTags.chatSessionId} = ${chatSessions.id})`,
    })
    .from(chatSessions)
    .innerJoin(projects, eq(projects.id, chatSessions.projectId))
    .where(and(eq(chatSessions.id, sessionId), eq(projects.userId, userId)));
  if (!session) return null;
  return {
    name: [...session.name].slice(0, MAX_TEMPLATE_NAME).join("").trim() || "Untitled",
    description: "",
    instructions: session.instructions,
    firstMessage: await firstQuestion(db, { userId, leafId: session.activeLeafId }),
    tagIds: session.tagIds,
  };
}

/** The first user message on the branch ending at `leafId` (a branch may open with a reply). */
async function firstQuestion(
  db: Database,
  { userId, leafId }: { userId: string; leafId: string | null },
): Promise<string> {
  if (!leafId) return "";
  for (const depth of [1, 2]) {
    const at = await ancestorAtDepth(db, { userId, id: leafId, depth });
    if (!at) return "";
    const [message] = await db
      .select({ role: chatMessages.role, content: chatMessages.content })
      .from(chatMessages)
      .where(and(eq(chatMessages.userId, userId), eq(chatMessages.id, at.id)));
    if (message?.role === "user") return message.content;
  }
  return "";
}
