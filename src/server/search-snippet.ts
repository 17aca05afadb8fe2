import type { SnippetPart } from "@/lib/contract/entities";

// ts_headline marks the matched words of a snippet with two private-use characters, and the
// text it works on carries the word boundaries craft_search_text adds (U+0001). Here that
// becomes the API's snippet: plain text in pieces, the matched ones flagged. The text the
// database highlights has had its own U+E000 and U+E001 replaced (snippetText in
// queries/search.ts), so a marker is always ts_headline's.

export const HIGHLIGHT_START = "\uE000";
export const HIGHLIGHT_END = "\uE001";
const BOUNDARY = "\u0001";

/** Punctuation inside a path or a name: two matched words joined by it read as one match. */
const JOINER = /^[./\\:@<_-]+$/;

/** A snippet as the database cuts it. */
export interface Headline {
  /** ts_headline's stretch of text, matched words between HIGHLIGHT_START and HIGHLIGHT_END. */
  headline: string;
  /** Punctuation just before and after the stretch, which ts_headline leaves out. */
  lead: string;
  trail: string;
  /** Whether words come before and after the stretch. */
  cutStart: boolean;
  cutEnd: boolean;
}

export const ELLIPSIS = "…";

/**
 * The API's snippet: the pieces of the stretch, matched ones flagged, with an ellipsis where
 * text was cut; markers and boundaries gone, whitespace runs one space.
 */
export function snippetParts({ headline, lead, trail, cutStart, cutEnd }: Headline): SnippetPart[] {
  const start = cutStart ? `${ELLIPSIS} ` : "";
  const end = cutEnd ? ` ${ELLIPSIS}` : "";
  return fromMarkedText(`${start}${lead}${headline}${trail}${end}`);
}

/** Text with HIGHLIGHT_START … HIGHLIGHT_END around matches, as pieces. */
export function fromMarkedText(marked: string): SnippetPart[] {
  const pieces: SnippetPart[] = [];
  let highlight = false;
  let text = "";
  const flush = () => {
    if (text) pieces.push({ text, highlight });
    text = "";
  };
  for (const char of marked) {
    if (char === HIGHLIGHT_START || char === HIGHLIGHT_END) {
      flush();
      highlight = char === HIGHLIGHT_START;
    } else if (char !== BOUNDARY) {
      text += char;
    }
  }
  flush();
  return merge(collapseSpaces(pieces));
}

function collapseSpaces(pieces: SnippetPart[]): SnippetPart[] {
  const out: SnippetPart[] = [];
  pieces.forEach((piece, i) => {
    let text = piece.text.replace(/\s+/gu, " ");
    if (i === 0) text = text.trimStart();
    if (i === pieces.length - 1) text = text.trimEnd();
    if (text) out.push({ text, highlight: piece.highlight });
  });
  return out;
}

/** Joins neighbours of one kind, and matched words joined by a path's or a name's punctuation. */
function merge(pieces: SnippetPart[]): SnippetPart[] {
  const out: SnippetPart[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as SnippetPart;
    const last = out.at(-1);
    const next = pieces[i + 1];
    if (last?.highlight && !piece.highlight && next?.highlight && JOINER.test(piece.text)) {
      last.text += piece.text + next.text;
      i++;
    } else if (last && last.highlight === piece.highlight) {
      last.text += piece.text;
    } else {
      out.push({ ...piece });
    }
  }
  return out;
}
