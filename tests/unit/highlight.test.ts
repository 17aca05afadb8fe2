import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import { describe, expect, it } from "vitest";
import { rehypeHighlightShared } from "@/components/chat/highlight";

const render = (text: string, plugin: typeof rehypeHighlightShared) =>
  renderToStaticMarkup(createElement(ReactMarkdown, { rehypePlugins: [plugin] }, text));

describe("the shared highlighter", () => {
  const samples = [
    "```ts\nconst answer: number = 42;\n```",
    "```python\ndef f(x):\n    return x * 2\n```",
    "```nosuchlanguage\nplain text\n```",
    "No code at all, *some* emphasis.",
  ];

  it("renders what rehype-highlight renders, message after message", () => {
    for (const text of [...samples, ...samples]) {
      expect(render(text, rehypeHighlightShared)).toBe(render(text, rehypeHighlight));
    }
  });

  it("highlights a fenced block in a known language", () => {
    expect(render(samples[0] ?? "", rehypeHighlightShared)).toContain('class="hljs-keyword"');
  });
});
