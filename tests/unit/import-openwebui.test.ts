import { describe, expect, it } from "vitest";
import type { ImportedConversation } from "@/server/import-formats/conversation";
import {
  expectParentsFirst,
  fixturePath,
  type Json,
  leaves,
  nearestKept,
  readFixture,
  readImport,
  tempFolder,
} from "../helpers/import-files";

// Expectations are counted from the fixture: a message is kept when it is a user's or an
// assistant's with something to show once the folded reasoning and tool-call blocks are out
// (a failed reply shows its error).

interface Message {
  parentId: string | null;
  role: string;
  content: string;
  timestamp: number;
  error?: { content: string };
  done?: boolean;
  files?: { type: string }[];
}
interface Chat {
  id: string;
  title: string;
  created_at: number;
  chat: { history: { currentId: string; messages: Record<string, Message> } };
}

const folded = /<details type="(reasoning|tool_calls)"[\s\S]*?<\/details>/g;
const withImage = (message: Message) =>
  message.files?.some((file) => file.type === "image") === true;
const kept = (message: Message) =>
  ["user", "assistant"].includes(message.role) &&
  (message.content.replace(folded, "").trim() !== "" ||
    message.error !== undefined ||
    withImage(message));
/** Seconds or milliseconds, as Open WebUI writes either. */
const time = (value: number) => (value > 1e11 ? value : value * 1000);

const folder = tempFolder();

describe("Open WebUI's export", async () => {
  const fixture = await readFixture<Chat[]>("openwebui-export.json");
  const { opened, conversations } = await readImport(fixturePath("openwebui-export.json"));

  it("is told apart by its content and yields every chat", () => {
    expect(opened.source).toBe("openwebui");
    expect(conversations.map((c) => [c.sourceId, c.title])).toEqual(
      fixture.map((chat) => [chat.id, chat.title]),
    );
  });

  it("imports every kept message of every branch, with its time, and currentId active", () => {
    let branches = 0;
    for (const [i, chat] of fixture.entries()) {
      const messages = chat.chat.history.messages;
      const imported = conversations[i] as ImportedConversation;
      const parentOf = (id: string) => messages[id]?.parentId ?? null;
      const isKept = (id: string) => kept(messages[id] as Message);
      const shown = Object.keys(messages).filter(isKept);
      expectParentsFirst(imported);
      expect(imported.messages.map((m) => m.sourceId).sort()).toEqual([...shown].sort());
      for (const message of imported.messages) {
        const source = messages[message.sourceId] as Message;
        expect(message.parentSourceId).toBe(nearestKept(source.parentId, parentOf, isKept));
        expect(message.createdAt.getTime()).toBe(time(source.timestamp));
        expect(message.content).not.toContain("<details");
        expect(message.content.startsWith("[image]")).toBe(withImage(source));
        const status = source.error ? "error" : source.done === false ? "partial" : "complete";
        expect(message.status).toBe(status);
      }
      expect(imported.createdAt.getTime()).toBe(time(chat.created_at));
      expect(imported.activeLeafSourceId).toBe(
        nearestKept(chat.chat.history.currentId, parentOf, isKept),
      );
      const answered = new Set(shown.map((id) => nearestKept(parentOf(id), parentOf, isKept)));
      const expectedLeaves = shown.filter((id) => !answered.has(id));
      expect(leaves(imported).sort()).toEqual(expectedLeaves.sort());
      branches += expectedLeaves.length - 1;
    }
    expect(branches).toBeGreaterThan(0);
  });

  it("reads one chat exported on its own, without the envelope", async () => {
    const [first] = fixture;
    const alone = { id: first?.id, title: first?.title, ...first?.chat } as Json;
    const file = await folder.write("chat.json", JSON.stringify(alone));
    const {
      opened: single,
      conversations: [conversation],
    } = await readImport(file);
    expect(single.source).toBe("openwebui");
    expect(conversation?.messages).toEqual(conversations[0]?.messages);
    expect(conversation?.activeLeafSourceId).toBe(conversations[0]?.activeLeafSourceId);
  });
});
