import "server-only";
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { sqlState } from "@/server/db/errors";
import { chatMessages, chatSessions, chatSummaries, projects } from "@/server/db/schema";
import { ancestorAtDepth } from "./chat-tree";
import {
  type ChatSessionListItem,
  SUMMARY_LEASE_SECONDS,
  sessionListItemColumns,
} from "./session-columns";

/** A running summary of the path down to `throughId`. */
export interface Checkpoint {
  id: string;
  throughId: string;
  messageCount: number;
  text: string;
  keyPoints: string[];
  createdAt: Date;
}

const checkpointColumns = {
  id: chatSummaries.id,
  throughId: chatSummaries.throughId,
  messageCount: chatSummaries.messageCount,
  text: chatSummaries.text,
  keyPoints: chatSummaries.keyPoints,
  createdAt: chatSummaries.createdAt,
};

/** A session whose summarizer lease this run holds. */
export interface ClaimedSession {
  id: string;
  activeLeafId: string | null;
  summaryThroughId: string | null;
}

const leaseExpired = sql`${chatSessions.summarizingSince} < now() - make_interval(secs => ${SUMMARY_LEASE_SECONDS})`;

/**
 * Takes the session's summarizer lease: null when the user has no such session, or another run
 * holds it, or (unless `now`) the last failure's backoff has not passed. The lease is the one
 * lock, across instances, that keeps two runs from summarizing a session at once.
 */
export async function claimSummaryLease(
  db: Database,
  { chatSessionId, userId, now }: { chatSessionId: string; userId: string; now: boolean },
): Promise<ClaimedSession | null> {
  const [claimed] = await db
    .update(chatSessions)
    .set({ summarizingSince: sql`now()` })
    .from(projects)
    .where(
      and(
        eq(chatSessions.id, chatSessionId),
        eq(projects.id, chatSessions.projectId),
        eq(projects.userId, userId),
        or(isNull(chatSessions.summarizingSince), leaseExpired),
        now
          ? undefined
          : or(isNull(chatSessions.summaryRetryAt), lt(chatSessions.summaryRetryAt, sql`now()`)),
      ),
    )
    .returning({
      id: chatSessions.id,
      activeLeafId: chatSessions.activeLeafId,
      summaryThroughId: chatSessions.summaryThroughId,
    });
  return claimed ?? null;
}

/** Keeps the lease of a run that is still working (after each step). */
export async function renewSummaryLease(db: Database, chatSessionId: string): Promise<void> {
  await db
    .update(chatSessions)
    .set({ summarizingSince: sql`now()` })
    .where(eq(chatSessions.id, chatSessionId));
}

/** One message of the path still to summarize. */
export interface PathMessage {
  id: string;
  depth: number;
  status: string;
  chars: number;
}

/**
 * The part of the branch ending at `leafId` that no checkpoint covers yet, oldest first, and
 * the checkpoint above it (null: from the first message). A walk up from the leaf that stops
 * at the first message with a checkpoint, so it reads only what is new since the last summary.
 * `skipThroughId`'s checkpoint is passed over: regenerating the newest summary starts from the
 * one before it.
 */
export async function unsummarizedPath(
  db: Database,
  { userId, leafId, skipThroughId }: { userId: string; leafId: string; skipThroughId?: string },
): Promise<{ base: Checkpoint | null; path: PathMessage[] }> {
  const skip = skipThroughId ?? "";
  const result = (await db.execute(sql`with recursive up as (
      select m.id, m.parent_id, m.depth, m.status, length(m.content) as chars, c.id as summary_id
      from chat_messages m
      left join chat_summaries c on c.user_id = m.user_id and c.through_id = m.id and m.id <> ${skip}
      where m.user_id = ${userId} and m.id = ${leafId}
      union all
      select p.id, p.parent_id, p.depth, p.status, length(p.content), c.id
      from up
      join chat_messages p on p.user_id = ${userId} and p.id = up.parent_id
      left join chat_summaries c on c.user_id = p.user_id and c.through_id = p.id and p.id <> ${skip}
      where up.summary_id is null)
    select id, depth, status, chars, summary_id from up order by depth`)) as unknown as {
    rows: { id: string; depth: number; status: string; chars: number; summary_id: string | null }[];
  };
  const rows = result.rows;
  const first = rows[0];
  const baseId = first?.summary_id ?? null;
  const path = (baseId ? rows.slice(1) : rows).map(({ id, depth, status, chars }) => ({
    id,
    depth: Number(depth),
    status,
    chars: Number(chars),
  }));
  if (!baseId) return { base: null, path };
  const [base] = await db
    .select(checkpointColumns)
    .from(chatSummaries)
    .where(and(eq(chatSummaries.userId, userId), eq(chatSummaries.id, baseId)));
  return { base: base ?? null, path };
}

/** The contents of some of the user's messages, in the order of `ids`. */
export async function messageContents(
  db: Database,
  { userId, ids }: { userId: string; ids: string[] },
): Promise<{ id: string; role: "user" | "assistant"; content: string }[]> {
  const rows = await db
    .select({ id: chatMessages.id, role: chatMessages.role, content: chatMessages.content })
    .from(chatMessages)
    .where(and(eq(chatMessages.userId, userId), inArray(chatMessages.id, ids)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Saves a checkpoint; a message that was deleted meanwhile saves nothing (null). */
export async function insertCheckpoint(
  db: Database,
  input: {
    userId: string;
    throughId: string;
    messageCount: number;
    text: string;
    keyPoints: string[];
  },
): Promise<Checkpoint | null> {
  try {
    const [saved] = await db
      .insert(chatSummaries)
      .values(input)
      .onConflictDoUpdate({
        target: [chatSummaries.userId, chatSummaries.throughId],
        set: { text: input.text, keyPoints: input.keyPoints, createdAt: sql`now()` },
      })
      .returning(checkpointColumns);
    return saved ?? null;
  } catch (error) {
    if (sqlState(error) === FOREIGN_KEY_VIOLATION) return null;
    throw error;
  }
}

const FOREIGN_KEY_VIOLATION = "23503";

/**
 * The deepest checkpoint among these messages (the model's context: the newest messages of
 * the branch being answered). Null when none of them has one.
 */
export async function deepestCheckpointAmong(
  db: Database,
  { userId, ids }: { userId: string; ids: string[] },
): Promise<Checkpoint | null> {
  if (ids.length === 0) return null;
  const [found] = await db
    .select(checkpointColumns)
    .from(chatSummaries)
    .where(and(eq(chatSummaries.userId, userId), inArray(chatSummaries.throughId, ids)))
    .orderBy(sql`${chatSummaries.messageCount} desc`)
    .limit(1);
  return found ?? null;
}

/**
 * Ends a run: shows `checkpoint` as the session's summary if it is still on the active branch
 * (null: shows none), clears the failure record and gives the lease back. Under the session's
 * row lock, so a branch switch cannot slip in between the check and the write. Answers whether
 * it showed it, and the session as lists show it.
 */
export async function publishSummary(
  db: Database,
  {
    chatSessionId,
    userId,
    checkpoint,
  }: { chatSessionId: string; userId: string; checkpoint: Checkpoint | null },
): Promise<{ shown: boolean; session: ChatSessionListItem | null }> {
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ activeLeafId: chatSessions.activeLeafId })
      .from(chatSessions)
      .where(eq(chatSessions.id, chatSessionId))
      .for("update");
    if (!locked) return { shown: false, session: null };
    const shown =
      checkpoint === null ||
      (locked.activeLeafId !== null &&
        (await onBranch(tx, { userId, leafId: locked.activeLeafId, checkpoint })));
    const summary =
      checkpoint === null
        ? {
            summary: null,
            summaryKeyPoints: [],
            summaryThroughId: null,
            summaryMessageCount: 0,
            summaryUpdatedAt: null,
          }
        : {
            summary: checkpoint.text,
            summaryKeyPoints: checkpoint.keyPoints,
            summaryThroughId: checkpoint.throughId,
            summaryMessageCount: checkpoint.messageCount,
            summaryUpdatedAt: checkpoint.createdAt,
          };
    const [session] = await tx
      .update(chatSessions)
      .set({
        ...(shown ? summary : {}),
        summarizingSince: null,
        summaryFailures: 0,
        summaryRetryAt: null,
        summaryError: null,
      })
      .where(eq(chatSessions.id, chatSessionId))
      .returning(sessionListItemColumns);
    return { shown, session: session ?? null };
  });
}

/** Whether the checkpoint's message is on the branch that ends at `leafId`. */
async function onBranch(
  tx: Database,
  { userId, leafId, checkpoint }: { userId: string; leafId: string; checkpoint: Checkpoint },
): Promise<boolean> {
  if (leafId === checkpoint.throughId) return true;
  const ancestor = await ancestorAtDepth(tx, {
    userId,
    id: leafId,
    depth: checkpoint.messageCount,
  });
  return ancestor?.id === checkpoint.throughId;
}

/**
 * Ends a failed run: the summary shown stays, the lease is given back, and the next automatic
 * run waits 1, 2, 4… minutes (at most an hour) after each failure in a row.
 */
export async function recordSummaryFailure(
  db: Database,
  { chatSessionId, error }: { chatSessionId: string; error: string },
): Promise<ChatSessionListItem | null> {
  const [session] = await db
    .update(chatSessions)
    .set({
      summarizingSince: null,
      summaryFailures: sql`${chatSessions.summaryFailures} + 1`,
      summaryRetryAt: sql`now() + make_interval(mins => least(60, power(2, ${chatSessions.summaryFailures})::int))`,
      summaryError: error,
    })
    .where(eq(chatSessions.id, chatSessionId))
    .returning(sessionListItemColumns);
  return session ?? null;
}

/** Gives the lease back without changing anything else (a run that was stopped). */
export async function releaseSummaryLease(db: Database, chatSessionId: string): Promise<void> {
  await db
    .update(chatSessions)
    .set({ summarizingSince: null })
    .where(eq(chatSessions.id, chatSessionId));
}

/** One of the user's sessions as lists show it; null when the user has no such session. */
export async function readSessionListItem(
  db: Database,
  { chatSessionId, userId }: { chatSessionId: string; userId: string },
): Promise<ChatSessionListItem | null> {
  const [session] = await db
    .select(sessionListItemColumns)
    .from(chatSessions)
    .innerJoin(projects, eq(projects.id, chatSessions.projectId))
    .where(and(eq(chatSessions.id, chatSessionId), eq(projects.userId, userId)));
  return session ?? null;
}
