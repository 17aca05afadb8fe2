import "server-only";
import type { Database } from "@/server/db";
import type { ChatMessageJson } from "@/server/queries/chat-messages";
import { deepestCheckpointAmong } from "@/server/queries/summaries";
import {
  type EarlierSummary,
  earlierSection,
  type HistoryMessage,
  historyWithinBudget,
} from "./prompts";

/** What the model reads of a branch, and whether a summary still has to catch up. */
export interface ModelContext {
  messages: HistoryMessage[];
  /** Stands in for the messages left out; null when none were, or no summary exists yet. */
  earlier: EarlierSummary | null;
  /** Messages were left out that no summary covers: the next summary run should. */
  uncovered: boolean;
}

/**
 * The newest whole messages of `path` (the branch up to the question, oldest first) that fit
 * the budget, and, once older ones must be left out, the deepest running summary among the
 * messages read, its length taken from the budget. Looks for a summary only when something
 * is left out, so a short chat costs nothing more.
 */
export async function modelContext(
  db: Database,
  { userId, path, budgetChars }: { userId: string; path: ChatMessageJson[]; budgetChars: number },
): Promise<ModelContext> {
  const usable = path.filter((m) => m.status !== "error" && m.content.length > 0);
  const whole = historyWithinBudget(usable, budgetChars);
  const reachesStart = path[0]?.parentId === null;
  if (whole.length === usable.length && reachesStart)
    return { messages: whole, earlier: null, uncovered: false };

  const checkpoint = await deepestCheckpointAmong(db, { userId, ids: path.map((m) => m.id) });
  if (!checkpoint) return { messages: whole, earlier: null, uncovered: true };
  const earlier: EarlierSummary = {
    throughId: checkpoint.throughId,
    messageCount: checkpoint.messageCount,
    text: checkpoint.text,
    keyPoints: checkpoint.keyPoints,
  };
  const messages = historyWithinBudget(
    usable,
    Math.max(0, budgetChars - earlierSection(earlier).length),
  );
  // Covered when nothing readable lies between the summary's last message and the first kept.
  const through = path.findIndex((m) => m.id === checkpoint.throughId);
  const first = path.findIndex((m) => m.id === messages[0]?.id);
  const gap = path.slice(through + 1, Math.max(through + 1, first));
  return { messages, earlier, uncovered: gap.some((m) => usable.includes(m)) };
}
