import type { SnippetPart } from "@/lib/contract/entities";

/** Characters kept before the first match, so a two-line snippet always shows the match. */
const LEAD = 40;

/** The snippet from a little before its first matched word, cut at a word ("…" says so). */
export function leadUpToMatch(parts: SnippetPart[]): SnippetPart[] {
  const first = parts.findIndex((p) => p.highlight);
  const before = parts
    .slice(0, Math.max(first, 0))
    .map((p) => p.text)
    .join("");
  if (first <= 0 || before.length <= LEAD) return parts;
  const kept = before.slice(before.length - LEAD);
  const word = kept.indexOf(" ");
  return [{ text: `…${kept.slice(word + 1)}`, highlight: false }, ...parts.slice(first)];
}
