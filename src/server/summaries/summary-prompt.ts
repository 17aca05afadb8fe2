import type { SummaryInput, SummaryText } from "./summary-text";

/** What the summarizing model is told it is doing, once per request. */
export const SUMMARY_SYSTEM =
  "You keep a running summary of a conversation between a user and an AI assistant. Two " +
  "readers depend on it: the user, who sees it in their list of chats, and the assistant, " +
  "which reads it instead of the earlier messages once they no longer fit its context. Keep " +
  "what the rest of the conversation depends on: the goal, decisions, names, numbers, code " +
  "identifiers, open questions. Write in the language of the conversation.";

/**
 * The request: the summary so far and only the messages after it, so each step reads a
 * bounded amount however long the chat is, and the exact form of the answer.
 */
export function summaryPrompt({ previous, messages, firstNumber }: SummaryInput): string {
  const last = firstNumber + messages.length - 1;
  const before = previous
    ? [
        `Summary of messages 1–${firstNumber - 1}:`,
        previous.text,
        ...(previous.keyPoints.length > 0
          ? ["Key points:", ...previous.keyPoints.map((point) => `- ${point}`)]
          : []),
      ]
    : ["(This is the start of the conversation: there is no summary yet.)"];
  const transcript = messages.map(
    (message, index) => `[${firstNumber + index}] ${message.role}:\n${message.content}`,
  );
  return [
    ...before,
    "",
    `New messages (${firstNumber}–${last}):`,
    "",
    transcript.join("\n\n"),
    "",
    `Write the updated summary of the whole conversation (messages 1–${last}) in exactly this form:`,
    "Summary: <2 to 4 sentences: what the user is working on, what was decided or produced, what is still open>",
    "Key points:",
    "- <one fact, decision, name, number or piece of code the conversation depends on>",
    "(at most 8 key points, each one line; no other text)",
  ].join("\n");
}

/**
 * Reads the model's answer. Forgiving about its form (bold labels, other bullets, no key
 * points at all); null when there is no summary in it, which counts as a failed step.
 */
export function parseSummary(answer: string): SummaryText | null {
  const clean = answer.replace(/\r\n?/g, "\n").trim();
  const pointsAt = clean.search(/^[ \t*_#-]*key\s*points[ \t*_]*:?[ \t*_]*$/im);
  const head = pointsAt >= 0 ? clean.slice(0, pointsAt) : clean;
  const tail = pointsAt >= 0 ? clean.slice(pointsAt).split("\n").slice(1) : [];
  const text = head
    .replace(/^[\s*_#]*summary[\s*_]*:[\s*_]*/i, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!text) return null;
  const keyPoints = tail
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, "").trim())
    .filter((line) => line.length > 0);
  return { text, keyPoints };
}
