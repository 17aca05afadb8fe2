import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "@/server/export/download-name";
import { closeOpenFence, oneLine } from "@/server/export/markdown-text";

describe("closeOpenFence", () => {
  it("leaves balanced code blocks as they are", () => {
    const text = "a\n```js\nx = '```'\n```\nb\n~~~\n```\n~~~";
    expect(closeOpenFence(text)).toBe(text);
  });

  it("closes a block left open with its own fence, however long", () => {
    expect(closeOpenFence("see:\n````md\n```\ncode")).toBe("see:\n````md\n```\ncode\n````");
    expect(closeOpenFence("~~~\ncode\n")).toBe("~~~\ncode\n~~~");
  });

  it("does not take inline backticks or a fence with backticks in its info for an opening", () => {
    expect(closeOpenFence("``` not `a fence`\ntext")).toBe("``` not `a fence`\ntext");
  });
});

describe("attachmentDisposition", () => {
  it("slugs the name, falls back when nothing is left, and adds filename* for other scripts", () => {
    expect(attachmentDisposition("  My Chat: v2!  ", ".md", "chat")).toBe(
      'attachment; filename="my-chat-v2.md"',
    );
    expect(attachmentDisposition("日本語", ".json", "chat")).toBe(
      `attachment; filename="chat.json"; filename*=UTF-8''${encodeURIComponent("日本語.json")}`,
    );
    expect(attachmentDisposition('a"b\\c\r\n', ".md", "chat")).toBe(
      'attachment; filename="a-b-c.md"',
    );
  });

  it("keeps names short", () => {
    const header = attachmentDisposition("word ".repeat(50), ".md", "chat");
    expect(header).toMatch(/^attachment; filename="[a-z-]{1,60}\.md"$/);
  });
});

describe("oneLine", () => {
  it("keeps a heading on one line", () => {
    expect(oneLine("two\nlines\r\n here")).toBe("two lines here");
  });
});
