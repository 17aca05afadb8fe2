"use client";

import { Check, Copy } from "lucide-react";
import { type ComponentProps, memo, useRef, useState } from "react";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { rehypeHighlightShared } from "./highlight";

/**
 * Markdown from the model or the user, rendered safely: raw HTML is shown as text, never
 * parsed, and react-markdown drops `javascript:` and other unsafe link targets.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeHighlightShared]}
        components={{ pre: CodeBlock, a: ExternalLink }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});

function CodeBlock({
  children,
  node: _node,
  ...props
}: ComponentProps<"pre"> & { node?: unknown }) {
  const ref = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(ref.current?.textContent ?? "");
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <div className="group/code relative">
      <pre ref={ref} {...props}>
        {children}
      </pre>
      <button
        type="button"
        onClick={copy}
        aria-label={copied ? "Copied" : "Copy code"}
        className="absolute top-2 right-2 rounded-md border border-zinc-300 bg-white/90 p-1.5 text-zinc-600 opacity-100 transition hover:text-zinc-900 sm:opacity-0 sm:group-hover/code:opacity-100 sm:focus-visible:opacity-100 dark:border-zinc-700 dark:bg-zinc-900/90 dark:text-zinc-300"
      >
        {copied ? <Check className="h-3.5 w-3.5" /> : <Copy className="h-3.5 w-3.5" />}
      </button>
    </div>
  );
}

function ExternalLink({ node: _node, ...props }: ComponentProps<"a"> & { node?: unknown }) {
  return <a {...props} target="_blank" rel="noopener noreferrer nofollow" />;
}
