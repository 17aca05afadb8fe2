import "server-only";
import { env } from "@/env";
import { modelErrorMessage } from "@/server/ai/model-errors";
import { chatModel } from "@/server/ai/provider";
import type { Database } from "@/server/db";
import { announce } from "@/server/live/events";
import { logger } from "@/server/logger";
import type { ChatSessionListItem } from "@/server/queries/session-columns";
import {
  type Checkpoint,
  type ClaimedSession,
  claimSummaryLease,
  insertCheckpoint,
  messageContents,
  type PathMessage,
  publishSummary,
  readSessionListItem,
  recordSummaryFailure,
  releaseSummaryLease,
  renewSummaryLease,
  unsummarizedPath,
} from "@/server/queries/summaries";
import { withTagsOne } from "@/server/queries/tags";
import { summaryStep } from "./summary-step";

const log = logger.child({ area: "summaries" });

/** A session gets its first summary once its branch has this many messages. */
export const FIRST_SUMMARY_AT = 4;
/** One step reads at most this many characters and messages: a bounded model request. */
const STEP_CHARS = 24_000;
const STEP_MESSAGES = 80;
/** A longer message is read by its beginning and its end. */
const MESSAGE_CHARS = 6_000;

/**
 * Why a run starts. `reply` and `branch` summarize only when the branch has grown enough
 * (otherwise they only show the checkpoint the branch already has); `context` when anything
 * is left to cover (a reply's context dropped messages no summary held); `request` always,
 * redoing the newest step ("Summarize now").
 */
export type SummaryTrigger = "reply" | "branch" | "context" | "request";

const running = new Map<string, { controller: AbortController; done: Promise<void> }>();

/**
 * Brings a session's summary up to date in the background; never awaited by a reply. Does
 * nothing when a run for the session is already going, here or on another instance.
 */
export function refreshSummary(
  db: Database,
  {
    userId,
    chatSessionId,
    trigger,
  }: { userId: string; chatSessionId: string; trigger: SummaryTrigger },
): void {
  if (running.has(chatSessionId)) return;
  track(db, { userId, chatSessionId }, async (signal) => {
    const claimed = await claimSummaryLease(db, { chatSessionId, userId, now: false });
    return claimed ? summarize(db, { userId, claimed, trigger, signal }) : "done";
  });
}

/**
 * "Summarize now": takes the lease at once (so the answer can say it is running), then works
 * in the background. False when another run holds it; that run's result is the answer.
 */
export async function requestSummary(
  db: Database,
  { userId, chatSessionId }: { userId: string; chatSessionId: string },
): Promise<boolean> {
  const claimed = await claimSummaryLease(db, { chatSessionId, userId, now: true });
  if (!claimed) return false;
  track(db, { userId, chatSessionId }, (signal) =>
    summarize(db, { userId, claimed, trigger: "request", signal }),
  );
  return true;
}

/** Whether a reply that left the branch like this should start a run (a cheap pre-check). */
export function summaryDue(session: {
  messageCount: number;
  summaryMessageCount: number;
  summaryThroughId: string | null;
}): boolean {
  const every = env().AI_SUMMARY_EVERY_MESSAGES;
  if (every === 0) return false;
  if (session.summaryThroughId === null) return session.messageCount >= FIRST_SUMMARY_AT;
  return session.messageCount - session.summaryMessageCount >= every;
}

/** Resolves once every run going now has ended (tests wait for the background work). */
export async function summaryRunsSettled(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running.values()].map((run) => run.done));
}

/** On shutdown: stops the runs (each gives its lease back) and waits for them, briefly. */
export async function stopSummaries(waitMs: number): Promise<void> {
  const runs = [...running.values()];
  for (const run of runs) run.controller.abort();
  await Promise.race([
    Promise.allSettled(runs.map((run) => run.done)),
    new Promise((resolve) => setTimeout(resolve, waitMs)),
  ]);
}

/** How a run ended: `again` when the branch moved while it ran, so it must run once more. */
type RunEnd = "done" | "again";

function track(
  db: Database,
  { userId, chatSessionId }: { userId: string; chatSessionId: string },
  work: (signal: AbortSignal) => Promise<RunEnd>,
) {
  const controller = new AbortController();
  const done = work(controller.signal)
    .catch((error: unknown): RunEnd => {
      log.error({ err: error }, "could not summarize a session");
      return "done";
    })
    .then((end) => {
      running.delete(chatSessionId);
      if (end === "again" && !controller.signal.aborted)
        refreshSummary(db, { userId, chatSessionId, trigger: "branch" });
    });
  running.set(chatSessionId, { controller, done });
}

async function summarize(
  db: Database,
  {
    userId,
    claimed,
    trigger,
    signal,
  }: { userId: string; claimed: ClaimedSession; trigger: SummaryTrigger; signal: AbortSignal },
): Promise<RunEnd> {
  const chatSessionId = claimed.id;
  try {
    const leafId = claimed.activeLeafId;
    const { base, path } = leafId
      ? await unsummarizedPath(db, {
          userId,
          leafId,
          skipThroughId: trigger === "request" ? leafId : undefined,
        })
      : { base: null, path: [] };
    // A reply still being written is not summarized yet: its text is not final.
    const pending = path.filter((message) => message.status !== "streaming");
    let checkpoint = base;
    if (worthSummarizing(trigger, base, pending)) {
      await announceSession(db, userId, await readSessionListItem(db, { chatSessionId, userId }));
      const model = chatModel();
      for (const step of steps(pending)) {
        signal.throwIfAborted();
        const messages = await messageContents(db, { userId, ids: step.map((m) => m.id) });
        const summary = await summaryStep(
          model,
          {
            previous: checkpoint,
            messages: messages.map(({ role, content }) => ({ role, content: readable(content) })),
            firstNumber: step[0]?.depth ?? 1,
          },
          signal,
        );
        const through = step.at(-1) as PathMessage;
        const saved = await insertCheckpoint(db, {
          userId,
          throughId: through.id,
          messageCount: through.depth,
          ...summary,
        });
        if (!saved) break; // the message was deleted: the branch moved, see below
        checkpoint = saved;
        await renewSummaryLease(db, chatSessionId);
      }
    } else if ((checkpoint?.throughId ?? null) === claimed.summaryThroughId) {
      // Nothing to do: the branch already shows its newest checkpoint.
      await releaseSummaryLease(db, chatSessionId);
      return "done";
    }
    const { shown, session } = await publishSummary(db, { chatSessionId, userId, checkpoint });
    await announceSession(db, userId, session);
    // The branch moved while this ran: once more, from where it is now.
    return !shown && session ? "again" : "done";
  } catch (error) {
    if (signal.aborted) {
      await releaseSummaryLease(db, chatSessionId);
      return "done";
    }
    log.error({ err: error, chatSessionId }, "summarizing failed; the previous summary stays");
    const session = await recordSummaryFailure(db, {
      chatSessionId,
      error: modelErrorMessage(error),
    });
    await announceSession(db, userId, session);
    return "done";
  }
}

function worthSummarizing(
  trigger: SummaryTrigger,
  base: Checkpoint | null,
  pending: PathMessage[],
): boolean {
  if (pending.length === 0) return false;
  if (trigger === "request" || trigger === "context") return true;
  const branchLength = pending.at(-1)?.depth ?? 0;
  return summaryDue({
    messageCount: branchLength,
    summaryMessageCount: base?.messageCount ?? 0,
    summaryThroughId: base?.throughId ?? null,
  });
}

/** The pending messages cut into steps of bounded size, oldest first. */
function* steps(pending: PathMessage[]): Generator<PathMessage[]> {
  let step: PathMessage[] = [];
  let chars = 0;
  for (const message of pending) {
    const size = Math.min(message.chars, MESSAGE_CHARS);
    if (step.length > 0 && (chars + size > STEP_CHARS || step.length === STEP_MESSAGES)) {
      yield step;
      step = [];
      chars = 0;
    }
    step.push(message);
    chars += size;
  }
  if (step.length > 0) yield step;
}

/** A message as a summary step reads it: long ones by their two ends, empty ones said so. */
function readable(content: string): string {
  if (!content.trim()) return "(empty: no answer was written)";
  if (content.length <= MESSAGE_CHARS) return content;
  const half = MESSAGE_CHARS / 2;
  return `${content.slice(0, half)}\n[… ${content.length - MESSAGE_CHARS} characters left out …]\n${content.slice(-half)}`;
}

async function announceSession(
  db: Database,
  userId: string,
  session: ChatSessionListItem | null,
): Promise<void> {
  if (!session) return;
  const chatSession = await withTagsOne(db, session);
  await announce(userId, { type: "session", projectId: session.projectId, chatSession });
}
