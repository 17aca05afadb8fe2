// The chat's markdown: rendered block by block (so a streaming reply re-parses only its tail),
// and, while streaming, with unfinished markers closed.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { rehypeHighlightShared } from "@/components/chat/highlight";
import { Markdown } from "@/components/chat/markdown";
import { type Lexed, lexBlocks } from "@/components/chat/markdown-blocks";
import { longReply } from "../../bench/long-reply";

const html = (text: string, streaming = false) =>
  renderToStaticMarkup(createElement(Markdown, { text, streaming }));

/** The whole text through one react-markdown, as before blocks: what blocks must equal. */
const whole = (text: string) =>
  renderToStaticMarkup(
    createElement(
      "div",
      { className: "markdown" },
      createElement(
        ReactMarkdown,
        { remarkPlugins: [remarkGfm], rehypePlugins: [rehypeHighlightShared] },
        text,
      ),
    ),
  );

const strip = (markup: string) => markup.replace(/\s+/g, " ").replace(/> </g, "><");

describe("Markdown", () => {
  it("renders a long reply block by block the same as in one piece (code bars aside)", () => {
    const text = `${longReply(6_000)}\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n> quoted\n> twice\n\nSee [the guide][g] and [this][g].\n\n[g]: https://example.com/guide "Guide"\n\nAfter [the guide][g].`;
    // The component wraps each <pre> in a box with a bar (language, copy button).
    const codeBox = /<div class="code-block"><div[^>]*>.*?<\/div>(<pre[^>]*>.*?<\/pre>)<\/div>/gs;
    const plain = (markup: string) =>
      strip(markup.replace(codeBox, "$1"))
        .replace(/<pre[^>]*>/g, "<pre>")
        .replaceAll(' target="_blank" rel="noopener noreferrer nofollow"', "");
    expect(plain(html(text))).toBe(plain(whole(text)));
  });

  it("lexes a growing reply from its last block on and ends with the blocks of the whole", () => {
    const text = `${longReply(8_000)}\n\n[a link][x]\n\n[x]: https://example.com\n\nTitle\n---\n\n- a\n- b\n\n  c\n\n\`\`\`js\nlet open = 1`;
    let lexed: Lexed | null = null;
    for (let end = 0; end <= text.length; end += 37) lexed = lexBlocks(text.slice(0, end), lexed);
    lexed = lexBlocks(text, lexed);
    const whole = lexBlocks(text, null);
    expect(lexed.blocks).toEqual(whole.blocks);
    expect(lexed.definitions).toEqual(whole.definitions);
    expect(lexed.blocks.join("").length).toBeLessThanOrEqual(text.length);
  });

  it("resolves a reference link whose definition is a block of its own", () => {
    const markup = html("[the guide][g]\n\n[g]: https://example.com/guide");
    expect(markup).toContain('<a href="https://example.com/guide"');
    expect(markup).toContain(">the guide</a>");
    expect(lexBlocks("[the guide][g]\n\n[g]: https://example.com/guide", null)).toMatchObject({
      blocks: ["[the guide][g]"],
      definitions: [{ raw: "[g]: https://example.com/guide" }],
    });
  });

  it("closes unfinished markers while streaming, and only then", () => {
    expect(html("Some **bold", true)).toContain("<strong>bold</strong>");
    expect(html("Some **bold")).toContain("**bold");
    expect(html("Call `render(", true)).toContain("<code>render(</code>");
    expect(html("See [the docs](https://exa", true)).not.toContain("<a");
  });

  it("still shows raw HTML as text", () => {
    const markup = html('<img src=x onerror="alert(1)"> and <script>alert(2)</script>', true);
    expect(markup).not.toContain("<img");
    expect(markup).not.toContain("<script");
    expect(markup).toContain("&lt;script&gt;");
  });
});
