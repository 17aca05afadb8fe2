import { describe, expect, it } from "vitest";
import {
  expectParentsFirst,
  fixturePath,
  leaves,
  readFixture,
  readImport,
  tempFolder,
} from "../helpers/import-files";

// Expectations are counted from the fixtures: every message with text (or text parts) is
// imported under its parent (declared, or where it is nested), and the newest leaf is active.

interface Message {
  messageId: string;
  parentMessageId: string;
  isCreatedByUser: boolean;
  text: string;
  createdAt?: string;
  error?: boolean;
  content?: { type: string; text?: string; error?: string }[];
  children?: Message[];
  files?: { type: string }[];
}
interface Export {
  conversationId: string;
  title: string;
  messages: Message[];
}

const root = "00000000-0000-0000-0000-000000000000";
const shown = (m: Message) =>
  m.text.trim() !== "" || (m.content ?? []).some((part) => part.text || part.error);

/** Every message of an export, with the parent it hangs from (nesting wins). */
function flatten(messages: Message[], nestedIn: string | null = null): [Message, string | null][] {
  return messages.flatMap((m): [Message, string | null][] => [
    [m, nestedIn ?? (m.parentMessageId === root ? null : m.parentMessageId)],
    ...flatten(m.children ?? [], m.messageId),
  ]);
}

const folder = tempFolder();

describe.each(["librechat-export.json", "librechat-recursive.json"])("LibreChat's %s", (name) => {
  it("imports every message of every branch under its parent, the newest leaf active", async () => {
    const fixture = await readFixture<Export>(name);
    const { opened, conversations } = await readImport(fixturePath(name));
    expect(opened.source).toBe("librechat");
    expect(conversations).toHaveLength(1);
    const [conversation] = conversations;
    if (!conversation) throw new Error("no conversation");
    expect(conversation.sourceId).toBe(fixture.conversationId);
    expect(conversation.title).toBe(fixture.title);

    const all = flatten(fixture.messages);
    expect(all.every(([m]) => shown(m))).toBe(true);
    expectParentsFirst(conversation);
    expect(conversation.messages.map((m) => [m.sourceId, m.parentSourceId]).sort()).toEqual(
      all.map(([m, parent]) => [m.messageId, parent]).sort(),
    );
    for (const message of conversation.messages) {
      const [source] = all.find(([m]) => m.messageId === message.sourceId) ?? [];
      expect(message.role).toBe(source?.isCreatedByUser ? "user" : "assistant");
      expect(message.status).toBe(source?.error ? "error" : "complete");
      if (source?.createdAt) expect(message.createdAt.toISOString()).toBe(source.createdAt);
      const withImage = source?.files?.some((file) => file.type.startsWith("image/")) === true;
      expect(message.content.startsWith("[image]\n\n")).toBe(withImage);
    }
    const expectedLeaves = all.filter(([m]) => !all.some(([, parent]) => parent === m.messageId));
    expect(leaves(conversation).sort()).toEqual(expectedLeaves.map(([m]) => m.messageId).sort());
    expect(expectedLeaves.length).toBeGreaterThan(1);
    // The newest leaf: the dated leaf with the latest date.
    const newest = expectedLeaves
      .filter(([m]) => m.createdAt)
      .sort(([a], [b]) => String(a.createdAt).localeCompare(String(b.createdAt)))
      .at(-1);
    expect(conversation.activeLeafSourceId).toBe(newest?.[0].messageId);
  });
});

describe("LibreChat's agent replies", () => {
  it("keep their text parts and leave thinking and tool calls out", async () => {
    const { conversations } = await readImport(fixturePath("librechat-export.json"));
    const reply = conversations[0]?.messages.find((m) => m.sourceId === "lc-a2");
    expect(reply?.content).toBe("Pass `reverse=True`.");
  });

  it("walk a tree deeper than any call stack without recursion", async () => {
    const depth = 20_000;
    let messages = "[]";
    for (let i = depth - 1; i >= 0; i--) {
      messages = `[{"messageId":"m${i}","parentMessageId":"${i ? `m${i - 1}` : root}","isCreatedByUser":${i % 2 === 0},"text":"turn ${i}","children":${messages}}]`;
    }
    const file = await folder.write(
      "deep.json",
      `{"conversationId":"deep","title":"Deep","recursive":true,"messages":${messages}}`,
    );
    const { conversations } = await readImport(file);
    expect(conversations[0]?.messages).toHaveLength(depth);
    expect(conversations[0]?.activeLeafSourceId).toBe(`m${depth - 1}`);
  });
});
