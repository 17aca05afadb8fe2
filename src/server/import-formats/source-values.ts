import type { z } from "zod";
import { ImportFormatError } from "./conversation";

// What every source reader needs: its JSON checked against what it requires, and its times.

/** Parses one source conversation, or names it and the first field that is wrong. */
export function parseSourceConversation<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  source: string,
): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const title =
    typeof raw === "object" && raw !== null && "title" in raw && typeof raw.title === "string"
      ? ` "${raw.title}"`
      : "";
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new ImportFormatError(
    `The ${source} conversation${title} cannot be read: ${issue?.message ?? "unexpected shape"}${where}`,
  );
}

const earliest = Date.UTC(1990, 0, 1);
const latest = Date.UTC(2200, 0, 1);

/**
 * A source's time: epoch seconds (ChatGPT, Open WebUI), milliseconds, microseconds or
 * nanoseconds (told apart by magnitude: no real chat is from before 1990 or after 2200),
 * or an ISO string (LibreChat). Null when absent or not a plausible time.
 */
export function sourceTime(value: unknown): Date | null {
  let ms: number;
  if (typeof value === "number" && Number.isFinite(value) && value > 0) {
    ms = value * 1000;
    while (ms > latest) ms /= 1000;
  } else if (typeof value === "string" && value.trim() !== "") {
    ms = Date.parse(value);
  } else {
    return null;
  }
  return ms >= earliest && ms <= latest ? new Date(Math.round(ms)) : null;
}

/** The earliest and latest of some times, or null when there are none. */
export function timeSpan(times: Iterable<Date>): { first: Date; last: Date } | null {
  let span: { first: Date; last: Date } | null = null;
  for (const time of times) {
    if (!span) span = { first: time, last: time };
    else if (time < span.first) span.first = time;
    else if (time > span.last) span.last = time;
  }
  return span;
}

/** Text PostgreSQL can store: it refuses the NUL character in a text column. */
export function storableText(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}
