import "server-only";
import { generateText } from "ai";
import type { ChatModel } from "@/server/ai/provider";
import { extractiveSummary } from "./extractive-summary";
import { parseSummary, SUMMARY_SYSTEM, summaryPrompt } from "./summary-prompt";
import {
  MAX_KEY_POINT_CHARS,
  MAX_KEY_POINTS,
  MAX_SUMMARY_CHARS,
  type SummaryInput,
  type SummaryText,
} from "./summary-text";

/**
 * The summary of `previous` and `messages` together. The offline model's is extractive (no
 * model call, deterministic); a real model is asked. Throws when the model fails or answers
 * something that is not a summary: the caller keeps the old one and retries later.
 */
export async function summaryStep(
  model: ChatModel,
  input: SummaryInput,
  signal: AbortSignal,
): Promise<SummaryText> {
  if (!model.real) return bounded(extractiveSummary(input));
  const { text } = await generateText({
    model: model.model,
    system: SUMMARY_SYSTEM,
    prompt: summaryPrompt(input),
    maxOutputTokens: 800,
    abortSignal: AbortSignal.any([signal, AbortSignal.timeout(120_000)]),
  });
  const parsed = parseSummary(text);
  if (!parsed) throw new Error("The model's answer held no summary");
  return bounded(parsed);
}

function bounded({ text, keyPoints }: SummaryText): SummaryText {
  return {
    text: clip(text, MAX_SUMMARY_CHARS),
    keyPoints: keyPoints.slice(0, MAX_KEY_POINTS).map((point) => clip(point, MAX_KEY_POINT_CHARS)),
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
