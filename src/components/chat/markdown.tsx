"use client";

import { Check, Copy } from "lucide-react";
import {
  type ComponentProps,
  isValidElement,
  memo,
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import remend from "remend";
import { useCopy } from "@/components/ui/use-copy";
import { rehypeHighlightShared } from "./highlight";
import { type Lexed, lexBlocks } from "./markdown-blocks";

const remarkPlugins = [remarkGfm];
const rehypePlugins = [rehypeHighlightShared];
const components = { pre: CodeBlock, a: ExternalLink };

/**
 * Markdown from the model or the user, rendered safely: raw HTML is shown as text, never
 * parsed, and react-markdown drops `javascript:` and other unsafe link targets.
 *
 * The text is cut into its top-level blocks (marked's block lexer) and each block is rendered on
 * its own, memoised. While a reply streams in, its text only grows: the blocks before the last
 * are final, so only the last is lexed, parsed and highlighted again for each chunk, and remend
 * closes what the model has not closed yet in it (`**bold`, an open code span, a half-written
 * link), so the text does not flicker between raw markers and formatting.
 */
export const Markdown = memo(function Markdown({
  text,
  streaming = false,
}: {
  text: string;
  streaming?: boolean;
}) {
  const lexed = useRef<Lexed | null>(null);
  const { blocks, definitions } = useMemo(() => {
    const current = lexBlocks(text, streaming ? lexed.current : null);
    lexed.current = current;
    const last = current.blocks.at(-1);
    return {
      blocks:
        streaming && last ? [...current.blocks.slice(0, -1), remend(last, REMEND)] : current.blocks,
      definitions: current.definitions.map((d) => d.raw).join("\n"),
    };
  }, [text, streaming]);
  return (
    <div className="markdown">
      {blocks.map((block, index) => (
        // A block's index is its identity: earlier blocks never change while a reply grows.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <MarkdownBlock key={index} source={block} definitions={definitions} />
      ))}
    </div>
  );
});

const REMEND = { linkMode: "text-only", images: false } as const;

/** One block, with the text's link definitions after it so its reference links resolve. */
const MarkdownBlock = memo(function MarkdownBlock({
  source,
  definitions,
}: {
  source: string;
  definitions: string;
}) {
  return (
    <ReactMarkdown
      remarkPlugins={remarkPlugins}
      rehypePlugins={rehypePlugins}
      components={components}
    >
      {definitions ? `${source}\n\n${definitions}` : source}
    </ReactMarkdown>
  );
});

/**
 * A code block under a bar that holds its language and the copy button, so the button never
 * covers code; when a line is wider than the block, the bar says the code scrolls sideways.
 */
function CodeBlock({
  children,
  node: _node,
  ...props
}: ComponentProps<"pre"> & { node?: unknown }) {
  const ref = useRef<HTMLPreElement>(null);
  const [copied, copy] = useCopy();
  const [scrolls, setScrolls] = useState(false);
  // Measured when the block changes size, and after a render at the next frame (a streaming
  // block renders per chunk: reading scrollWidth forces a layout, so at most once a frame).
  const measure = useCallback(() => {
    const pre = ref.current;
    if (pre) setScrolls(pre.scrollWidth > pre.clientWidth + 1);
  }, []);
  useEffect(() => {
    const frame = requestAnimationFrame(measure);
    return () => cancelAnimationFrame(frame);
  });
  useEffect(() => {
    const observer = new ResizeObserver(measure);
    if (ref.current) observer.observe(ref.current);
    return () => observer.disconnect();
  }, [measure]);
  return (
    <div className="code-block">
      <div className="flex items-center gap-2 border-b border-border px-3 py-1 text-xs text-muted-foreground">
        <span className="font-mono">{languageOf(children)}</span>
        <span className="flex-1" />
        {scrolls && <span data-testid="code-scrolls">Scrolls sideways →</span>}
        <button
          type="button"
          onClick={() => copy(ref.current?.textContent ?? "")}
          aria-label={copied ? "Copied" : "Copy code"}
          className="flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-accent hover:text-accent-foreground"
        >
          {copied ? <Check className="h-3.5 w-3.5" /> : <Copy className="h-3.5 w-3.5" />}
          <span aria-hidden="true">{copied ? "Copied" : "Copy"}</span>
        </button>
      </div>
      {/* Focusable when wide, so keyboard users can scroll it too. */}
      <pre ref={ref} tabIndex={scrolls ? 0 : undefined} {...props}>
        {children}
      </pre>
    </div>
  );
}

/** The language highlight.js tagged the block with (`language-ts`), or "code". */
function languageOf(children: ReactNode): string {
  if (!isValidElement<{ className?: string }>(children)) return "code";
  return /language-([\w+#-]+)/.exec(children.props.className ?? "")?.[1] ?? "code";
}

function ExternalLink({ node: _node, ...props }: ComponentProps<"a"> & { node?: unknown }) {
  return <a {...props} target="_blank" rel="noopener noreferrer nofollow" />;
}
