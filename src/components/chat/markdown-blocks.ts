import { Lexer } from "marked";

// A markdown text cut into its top-level blocks, so each can be rendered (and memoised) alone.

export interface Lexed {
  text: string;
  /** Each top-level block's source; blank lines and link definitions left out. */
  blocks: string[];
  /** Link reference definitions (`[x]: https://…`), which any block may use, with their offset. */
  definitions: { at: number; raw: string }[];
  /** Where the last block starts in `text`. */
  lastStart: number;
}

/**
 * The top-level blocks of `text`. When it extends `previous.text` (a reply streaming in), the
 * blocks before the last are kept and lexing starts at the last one.
 */
export function lexBlocks(source: string, previous: Lexed | null): Lexed {
  const text = source.replace(/\r\n?/g, "\n");
  const resume = previous && text.startsWith(previous.text) && previous.blocks.length > 0;
  let offset = resume ? previous.lastStart : 0;
  const blocks = resume ? previous.blocks.slice(0, -1) : [];
  const definitions = resume ? previous.definitions.filter((d) => d.at < offset) : [];
  let lastStart = offset;
  for (const token of new Lexer().blockTokens(text.slice(offset))) {
    if (token.type === "def") definitions.push({ at: offset, raw: token.raw.trim() });
    else if (token.type !== "space") {
      blocks.push(token.raw);
      lastStart = offset;
    }
    offset += token.raw.length;
  }
  return { text, blocks, definitions, lastStart };
}
