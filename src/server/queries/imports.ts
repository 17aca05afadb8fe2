import "server-only";
import { createId } from "@paralleldrive/cuid2";
import { and, count, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Stored, TagColor } from "@/lib/contract/entities";
import type { ImportJob } from "@/lib/contract/imports";
import { MAX_TAG_NAME, MAX_TAGS_PER_SESSION, MAX_TAGS_PER_USER } from "@/lib/contract/limits";
import type { Database } from "@/server/db";
import { sqlState } from "@/server/db/errors";
import {
  chatMessages,
  chatSessions,
  chatSessionTags,
  chatSummaries,
  DEFAULT_SESSION_NAME,
  importedConversations,
  imports,
  projects,
  tags,
} from "@/server/db/schema";
import {
  type ImportedConversation,
  type ImportedProject,
  ImportFormatError,
} from "@/server/import-formats/conversation";
import { importedMessageId } from "./import-message-id";
import { skipDepth } from "./skip-pointers";

/** How long an import worker's lease holds without being renewed (it renews with progress). */
export const IMPORT_LEASE_SECONDS = 60;

/** Message rows per insert statement: a few hundred keeps statements and parameters small. */
const MESSAGE_BATCH = 300;

export type ImportRow = typeof imports.$inferSelect;
export type ImportJson = Stored<ImportJob>;

/** An import as the API sends it (before JSON). */
export function toImportJson(row: ImportRow): ImportJson {
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    fileName: row.fileName,
    projectId: row.projectId,
    createdProjectIds: Object.values(row.createdProjects),
    bytesRead: row.bytesRead,
    totalBytes: row.totalBytes,
    conversationsImported: row.conversationsImported,
    conversationsSkipped: row.conversationsSkipped,
    messagesImported: row.messagesImported,
    error: row.error,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

/**
 * Records an uploaded file to import, its lease already taken by the caller, who starts the
 * job at once (so recovery leaves it alone unless this process dies).
 */
export async function insertImport(
  db: Database,
  input: {
    id?: string;
    userId: string;
    fileName: string;
    filePath: string;
    totalBytes: number;
    projectId: string | null;
  },
): Promise<ImportRow> {
  const [row] = await db
    .insert(imports)
    .values({ ...input, runningSince: sql`now()` })
    .returning();
  if (!row) throw new Error("insert into imports returned no row");
  return row;
}

/** One of the user's imports; null when they have no such import. */
export async function getImportForUser(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<ImportRow | null> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.id, id), eq(imports.userId, userId)));
  return row ?? null;
}

/** The user's most recent imports, newest first. */
export function listImportsForUser(
  db: Database,
  { userId, limit }: { userId: string; limit: number },
): Promise<ImportRow[]> {
  return db
    .select()
    .from(imports)
    .where(eq(imports.userId, userId))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(limit);
}

const unfinished = inArray(imports.status, ["queued", "running"]);
const leaseFree = or(
  isNull(imports.runningSince),
  sql`${imports.runningSince} < now() - make_interval(secs => ${IMPORT_LEASE_SECONDS})`,
);

/** Unfinished imports whose worker died (its lease expired): recovery's work, oldest first. */
export async function listAbandonedImports(db: Database, limit = 20): Promise<string[]> {
  const rows = await db
    .select({ id: imports.id })
    .from(imports)
    .where(and(unfinished, leaseFree))
    .orderBy(imports.createdAt)
    .limit(limit);
  return rows.map((row) => row.id);
}

/**
 * Takes an abandoned import's lease: null when it is finished or another worker holds it. The
 * lease is the one lock, across instances, that keeps two workers off one import.
 */
export async function claimImport(db: Database, id: string): Promise<ImportRow | null> {
  const [row] = await db
    .update(imports)
    .set({ runningSince: sql`now()` })
    .where(and(eq(imports.id, id), unfinished, leaseFree))
    .returning();
  return row ?? null;
}

/** Keeps a working import's lease while it reads a long stretch without progress to write. */
export async function renewImportLease(db: Database, id: string): Promise<void> {
  await db
    .update(imports)
    .set({ runningSince: sql`now()` })
    .where(and(eq(imports.id, id), unfinished));
}

/** A working import's progress; renews its lease. */
export async function updateImportProgress(
  db: Database,
  {
    id,
    source,
    totalBytes,
    bytesRead,
  }: Pick<ImportRow, "id" | "totalBytes" | "bytesRead"> & {
    source: ImportRow["source"];
  },
): Promise<ImportRow | null> {
  const [row] = await db
    .update(imports)
    .set({ status: "running", source, totalBytes, bytesRead, runningSince: sql`now()` })
    .where(and(eq(imports.id, id), unfinished))
    .returning();
  return row ?? null;
}

/** Ends an import, done or failed, and gives its lease back. */
export async function finishImport(
  db: Database,
  { id, error }: { id: string; error: string | null },
): Promise<ImportRow | null> {
  const [row] = await db
    .update(imports)
    .set({
      status: error === null ? "done" : "failed",
      error,
      runningSince: null,
      finishedAt: sql`now()`,
      ...(error === null ? { bytesRead: sql`${imports.totalBytes}` } : {}),
    })
    .where(and(eq(imports.id, id), unfinished))
    .returning();
  return row ?? null;
}

/**
 * The project an import puts the file's project `key` in (a Craft export's project id, or the
 * source for the one project of other sources): made on first use, with the import's record of
 * it in the same transaction, so a resumed import fills the same project. Answers its id.
 */
export async function projectForImport(
  db: Database,
  {
    userId,
    importId,
    key,
    project,
  }: {
    userId: string;
    importId: string;
    key: string;
    project: Omit<ImportedProject, "sourceId">;
  },
): Promise<string> {
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ createdProjects: imports.createdProjects })
      .from(imports)
      .where(and(eq(imports.id, importId), eq(imports.userId, userId)))
      .for("update");
    if (!locked) throw new Error(`import ${importId} is gone`);
    const known = locked.createdProjects[noNul(key)];
    if (known) {
      const [exists] = await tx
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.id, known), eq(projects.userId, userId)));
      if (exists) return known;
    }
    const [made] = await tx
      .insert(projects)
      .values({
        userId,
        name: noNul(project.name),
        description: project.description === null ? null : noNul(project.description),
        type: project.projectType,
        status: project.status,
        files: Object.fromEntries(
          Object.entries(project.files).map(([path, text]) => [noNul(path), noNul(text)]),
        ),
        createdAt: project.createdAt,
        updatedAt: project.updatedAt,
      })
      .returning({ id: projects.id });
    if (!made) throw new Error("insert into projects returned no row");
    await tx
      .update(imports)
      .set({
        createdProjects: sql`${imports.createdProjects} || ${JSON.stringify({ [noNul(key)]: made.id })}::jsonb`,
      })
      .where(eq(imports.id, importId));
    return made.id;
  });
}

/** What writing one conversation came to. */
export type ConversationOutcome =
  | { kind: "imported"; chatSessionId: string; messages: number; row: ImportRow }
  /** Imported before, by another import (or an earlier file): left alone, counted. */
  | { kind: "skipped"; row: ImportRow }
  /** Imported by this very import before it was interrupted: already counted. */
  | { kind: "resumed" };

/**
 * Writes one conversation into the user's project `projectId`, whole or not at all, in one
 * transaction: the session (its name, timestamps, source and Craft's extras), every message
 * of every branch under fresh ids (seq in the file's order, depth and skip pointers computed
 * here), the active branch, tags, the summary, the record that makes a second import skip it,
 * and the import's counters. A conversation imported before is skipped. The caller checked
 * that `projectId` is the user's.
 */
export async function importConversation(
  db: Database,
  {
    userId,
    importId,
    projectId,
    conversation,
  }: { userId: string; importId: string; projectId: string; conversation: ImportedConversation },
): Promise<ConversationOutcome> {
  const plan = planMessages(conversation);
  try {
    return await db.transaction(async (tx) => {
      const before = await skipIfImported(tx, { userId, importId, conversation });
      if (before) return before;
      const chatSessionId = await writeConversation(tx, {
        userId,
        importId,
        projectId,
        conversation,
        plan,
      });
      const [row] = await tx
        .update(imports)
        .set({
          conversationsImported: sql`${imports.conversationsImported} + 1`,
          messagesImported: sql`${imports.messagesImported} + ${plan.rows.length}`,
        })
        .where(eq(imports.id, importId))
        .returning();
      if (!row) throw new Error(`import ${importId} is gone`);
      return { kind: "imported", chatSessionId, messages: plan.rows.length, row } as const;
    });
  } catch (error) {
    // Another import of the same conversation committed first: this one's write is undone.
    if (sqlState(error) === UNIQUE_VIOLATION && isImportedConversationsKey(error))
      return { kind: "skipped", row: await countSkipped(db, importId) };
    throw error;
  }
}

const UNIQUE_VIOLATION = "23505";

/**
 * The outcome for a conversation imported before (counted as skipped unless this import wrote
 * it, before an interruption); null when it is new. The import job asks first, so it makes no
 * project for conversations it skips; importConversation asks again under its transaction.
 */
export async function skipIfImported(
  db: Database,
  {
    userId,
    importId,
    conversation,
  }: { userId: string; importId: string; conversation: ImportedConversation },
): Promise<ConversationOutcome | null> {
  const [before] = await db
    .select({ importId: importedConversations.importId })
    .from(importedConversations)
    .where(
      and(
        eq(importedConversations.userId, userId),
        eq(importedConversations.source, conversation.source),
        eq(importedConversations.sourceId, noNul(conversation.sourceId)),
      ),
    );
  if (!before) return null;
  if (before.importId === importId) return { kind: "resumed" };
  return { kind: "skipped", row: await countSkipped(db, importId) };
}

function isImportedConversationsKey(error: unknown): boolean {
  const cause = (error as { cause?: { constraint?: string } }).cause ?? error;
  return (
    (cause as { constraint?: string }).constraint?.startsWith("imported_conversations") ?? false
  );
}

async function countSkipped(db: Database, importId: string): Promise<ImportRow> {
  const [row] = await db
    .update(imports)
    .set({ conversationsSkipped: sql`${imports.conversationsSkipped} + 1` })
    .where(eq(imports.id, importId))
    .returning();
  if (!row) throw new Error(`import ${importId} is gone`);
  return row;
}

interface PlannedMessage {
  id: string;
  parentId: string | null;
  depth: number;
  skipId: string | null;
  seq: number;
  message: ImportedConversation["messages"][number];
}

interface Plan {
  rows: PlannedMessage[];
  /** New ids by source id. */
  ids: Map<string, PlannedMessage>;
  activeLeaf: PlannedMessage | null;
}

/**
 * Fresh ids, seq, depth and skip pointers for a conversation's messages, checked: unique
 * source ids, every parent before its child. A skip pointer is found by following the parent's
 * chain of skip pointers down to skipDepth(depth), as chat-tree.ts's newSkipId does in SQL.
 */
function planMessages(conversation: ImportedConversation): Plan {
  const ids = new Map<string, PlannedMessage>();
  const byNewId = new Map<string, PlannedMessage>();
  const rows: PlannedMessage[] = [];
  const problem = (what: string) =>
    new ImportFormatError(`The conversation "${conversation.title}" ${what}.`);
  for (const message of conversation.messages) {
    if (ids.has(message.sourceId))
      throw problem(`has two messages with the id ${message.sourceId}`);
    const parent = message.parentSourceId === null ? null : ids.get(message.parentSourceId);
    if (parent === undefined)
      throw problem(`has a message (${message.sourceId}) whose parent does not come before it`);
    const depth = (parent?.depth ?? 0) + 1;
    const target = skipDepth(depth);
    let skip: PlannedMessage | null = parent;
    while (skip && skip.depth > target)
      skip = skip.skipId ? (byNewId.get(skip.skipId) ?? null) : null;
    const row: PlannedMessage = {
      id: importedMessageId(),
      parentId: parent?.id ?? null,
      depth,
      skipId: target === 0 ? null : (skip?.id ?? null),
      seq: rows.length + 1,
      message,
    };
    rows.push(row);
    ids.set(message.sourceId, row);
    byNewId.set(row.id, row);
  }
  const leafId = conversation.activeLeafSourceId;
  const activeLeaf = leafId === null ? (rows.at(-1) ?? null) : ids.get(leafId);
  if (activeLeaf === undefined)
    throw problem(`names an active message (${leafId}) it does not hold`);
  return { rows, ids, activeLeaf };
}

/** The session and everything in it; answers the session's id. */
async function writeConversation(
  tx: Database,
  {
    userId,
    importId,
    projectId,
    conversation,
    plan,
  }: {
    userId: string;
    importId: string;
    projectId: string;
    conversation: ImportedConversation;
    plan: Plan;
  },
): Promise<string> {
  const { craft } = conversation;
  const chatSessionId = createId();
  const title = conversation.title.trim();
  const summary = craft?.summary ? plan.ids.get(craft.summary.throughSourceId) : undefined;
  const shownSummary = craft?.summary && summary ? { ...craft.summary, through: summary } : null;
  await tx.insert(chatSessions).values({
    id: chatSessionId,
    projectId,
    name: noNul(title) || DEFAULT_SESSION_NAME,
    // Another app's title is its own (or its model's): kept, not replaced by a first message.
    nameSource: craft?.nameSource ?? (title ? "model" : "default"),
    importedFrom: conversation.source,
    pinned: craft?.pinned ?? false,
    archived: craft?.archived ?? false,
    instructions: noNul(craft?.instructions ?? ""),
    lastMessageSeq: plan.rows.length,
    messageCount: plan.activeLeaf?.depth ?? 0,
    activeLeafId: plan.activeLeaf?.id ?? null,
    ...(shownSummary
      ? {
          summary: noNul(shownSummary.text),
          summaryKeyPoints: shownSummary.keyPoints.map(noNul),
          summaryThroughId: shownSummary.through.id,
          summaryMessageCount: shownSummary.messageCount,
          summaryUpdatedAt: shownSummary.updatedAt,
        }
      : {}),
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
  });
  for (let start = 0; start < plan.rows.length; start += MESSAGE_BATCH) {
    await tx.insert(chatMessages).values(
      plan.rows.slice(start, start + MESSAGE_BATCH).map((row) => ({
        id: row.id,
        userId,
        chatSessionId,
        seq: row.seq,
        parentId: row.parentId,
        depth: row.depth,
        skipId: row.skipId,
        role: row.message.role,
        content: noNul(row.message.content),
        // Nothing streams into an imported message: one cut off mid-reply is partial.
        status: row.message.status === "streaming" ? ("partial" as const) : row.message.status,
        createdAt: row.message.createdAt,
        updatedAt: row.message.createdAt,
      })),
    );
  }
  if (shownSummary) {
    await tx.insert(chatSummaries).values({
      userId,
      throughId: shownSummary.through.id,
      messageCount: shownSummary.through.depth,
      text: noNul(shownSummary.text),
      keyPoints: shownSummary.keyPoints.map(noNul),
      createdAt: shownSummary.updatedAt,
    });
  }
  if (craft && craft.tags.length > 0) {
    const tagIds = await tagIdsByName(tx, {
      userId,
      wanted: craft.tags.slice(0, MAX_TAGS_PER_SESSION),
    });
    await tx
      .insert(chatSessionTags)
      .values(tagIds.map((tagId) => ({ chatSessionId, tagId })))
      .onConflictDoNothing();
  }
  await tx.insert(importedConversations).values({
    userId,
    source: conversation.source,
    sourceId: noNul(conversation.sourceId),
    chatSessionId,
    importId,
  });
  return chatSessionId;
}

/**
 * The ids of the user's tags of these names (whatever their case), made with their colour
 * where missing, as far as MAX_TAGS_PER_USER allows; a tag the user already has keeps its own
 * colour. Names are cut as the API's are (trimmed, MAX_TAG_NAME characters); empty ones drop.
 */
async function tagIdsByName(
  tx: Database,
  { userId, wanted }: { userId: string; wanted: { name: string; color: TagColor }[] },
): Promise<string[]> {
  const byName = new Map<string, { name: string; color: TagColor }>();
  for (const tag of wanted) {
    const name = noNul(tag.name).trim().slice(0, MAX_TAG_NAME).trim();
    if (name) byName.set(name.toLowerCase(), { name, color: tag.color });
  }
  if (byName.size === 0) return [];
  const names = [...byName.keys()];
  const find = () =>
    tx
      .select({ id: tags.id, name: tags.name })
      .from(tags)
      .where(and(eq(tags.userId, userId), inArray(sql`lower(${tags.name})`, names)));
  // Takes turns with the API's tag creation, which counts under the same lock (tags.ts).
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`tags:${userId}`}))`);
  const found = await find();
  const [{ n } = { n: 0 }] = await tx
    .select({ n: count() })
    .from(tags)
    .where(eq(tags.userId, userId));
  const known = new Set(found.map((tag) => tag.name.toLowerCase()));
  const missing = names
    .filter((name) => !known.has(name))
    .slice(0, Math.max(0, MAX_TAGS_PER_USER - n))
    .flatMap((name) => byName.get(name) ?? []);
  if (missing.length === 0) return found.map((tag) => tag.id);
  const made = await tx
    .insert(tags)
    .values(missing.map(({ name, color }) => ({ userId, name, color })))
    .returning({ id: tags.id });
  return [...found, ...made].map((tag) => tag.id);
}

/** PostgreSQL's text cannot hold U+0000, which JSON can: it is shown as U+FFFD instead. */
const noNul = (text: string) => text.replaceAll("\u0000", "\uFFFD");
