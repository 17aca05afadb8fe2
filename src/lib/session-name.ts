export const AUTO_NAME_MAX = 50;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * A session name from its first message: the first non-empty line, whitespace collapsed, at most
 * AUTO_NAME_MAX graphemes (an emoji or accented letter is never split), "…" ending a cut one.
 * Null when the message has no visible text to name it by.
 */
export function nameFromMessage(content: string): string | null {
  const line = content
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/gu, " ").trim())
    .find((l) => l.length > 0);
  if (!line) return null;
  const parts = Array.from(graphemes.segment(line), (s) => s.segment);
  if (parts.length <= AUTO_NAME_MAX) return line;
  return `${parts
    .slice(0, AUTO_NAME_MAX - 1)
    .join("")
    .trimEnd()}…`;
}
