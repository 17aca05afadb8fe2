/** A summary as it is stored: a few sentences and the points the chat depends on. */
export interface SummaryText {
  text: string;
  keyPoints: string[];
}

/** One step: the summary so far, and the messages after it (numbered from `firstNumber`). */
export interface SummaryInput {
  previous: SummaryText | null;
  messages: { role: "user" | "assistant"; content: string }[];
  firstNumber: number;
}

/** Stored and sent to the model at most this long: the summary stays a summary. */
export const MAX_SUMMARY_CHARS = 1_200;
export const MAX_KEY_POINTS = 8;
export const MAX_KEY_POINT_CHARS = 200;
