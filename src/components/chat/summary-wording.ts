import type { ChatSessionListItem } from "@/lib/contract/entities";

type Summarized = Pick<ChatSessionListItem, "summary" | "summaryKeyPoints">;

const messages = (count: number) => `${count} ${count === 1 ? "message" : "messages"}`;

/**
 * "Covers 6 of 8 messages": how much of the chat the summary has read. The total is left out
 * when it is not known to be at least the covered count (a session only known from its page,
 * whose count is not loaded).
 */
export function coverageText(covered: number, total: number): string {
  return total >= covered && total > 0
    ? `Covers ${covered} of ${messages(total)}`
    : `Covers ${messages(covered)}`;
}

/** The summary and its key points as one plain sentence run, for a screen reader's description. */
export function summaryDescription({ summary, summaryKeyPoints }: Summarized): string {
  if (!summary) return "";
  const points = summaryKeyPoints.map((point) => point.trim().replace(/[.;]+$/, ""));
  return points.length > 0 ? `${summary} Key points: ${points.join("; ")}.` : summary;
}
