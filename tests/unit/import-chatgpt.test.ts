import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { ImportedConversation } from "@/server/import-formats/conversation";
import {
  buildZip,
  expectParentsFirst,
  fixturePath,
  type Json,
  leaves,
  nearestKept,
  readFixture,
  readImport,
  tempFolder,
} from "../helpers/import-files";

// Expectations are counted from the fixture: a node is visible when it holds a user's or an
// assistant's message the page showed (not hidden, addressed to everyone or code run in
// Python, of a text, multimodal or code kind); everything else is plumbing.

interface Node {
  parent: string | null;
  message: {
    author: { role: string };
    create_time: number | null;
    content: { content_type: string };
    recipient?: string;
    metadata?: Json;
    status?: string;
  } | null;
}
interface Conversation {
  conversation_id: string;
  title: string | null;
  create_time: number;
  mapping?: Record<string, Node>;
  current_node?: string;
}

function visible(node: Node): boolean {
  const message = node.message;
  if (!message || !["user", "assistant"].includes(message.author.role)) return false;
  if (message.metadata?.is_visually_hidden_from_conversation) return false;
  const kind = message.content.content_type;
  const recipient = message.recipient ?? "all";
  if (recipient !== "all" && !(recipient === "python" && kind === "code")) return false;
  return ["text", "multimodal_text", "code"].includes(kind);
}

const folder = tempFolder();

describe("ChatGPT's conversations.json", async () => {
  const fixture = await readFixture<Conversation[]>("chatgpt-conversations.json");
  const { opened, conversations } = await readImport(fixturePath("chatgpt-conversations.json"));

  it("is told apart by its content and read to its last byte", async () => {
    expect(opened.source).toBe("chatgpt");
    const size = (await readFile(fixturePath("chatgpt-conversations.json"))).length;
    expect(opened.totalBytes).toBe(size);
    expect(opened.bytesRead()).toBe(size);
    expect(conversations.map((c) => c.sourceId)).toEqual(fixture.map((c) => c.conversation_id));
  });

  it("imports every visible message of every branch, re-linked past the plumbing", () => {
    const branched: string[] = [];
    for (const [i, source] of fixture.entries()) {
      const mapping = source.mapping ?? {};
      const imported = conversations[i] as ImportedConversation;
      const parentOf = (id: string) => mapping[id]?.parent ?? null;
      const isVisible = (id: string) => visible(mapping[id] as Node);
      const shown = Object.keys(mapping).filter(isVisible);
      expectParentsFirst(imported);
      expect(imported.messages.map((m) => m.sourceId).sort()).toEqual([...shown].sort());
      for (const message of imported.messages) {
        expect(message.parentSourceId).toBe(
          nearestKept(parentOf(message.sourceId), parentOf, isVisible),
        );
        expect(message.role).toBe(mapping[message.sourceId]?.message?.author.role);
      }
      // A branch is a visible message no visible message answers.
      const answered = new Set(shown.map((id) => nearestKept(parentOf(id), parentOf, isVisible)));
      const expectedLeaves = shown.filter((id) => !answered.has(id));
      expect(leaves(imported).sort()).toEqual(expectedLeaves.sort());
      if (expectedLeaves.length > 1) branched.push(source.conversation_id);
    }
    // The fixture holds branches, or this test proves little.
    expect(branched.length).toBeGreaterThan(1);
  });

  it("keeps current_node's branch active, from its nearest visible message", () => {
    for (const [i, source] of fixture.entries()) {
      const mapping = source.mapping ?? {};
      const parentOf = (id: string) => mapping[id]?.parent ?? null;
      const current = nearestKept(source.current_node ?? null, parentOf, (id) =>
        visible(mapping[id] as Node),
      );
      expect(conversations[i]?.activeLeafSourceId).toBe(current);
    }
  });

  it("keeps each message's time, or its nearest ancestor's when it has none", () => {
    for (const [i, source] of fixture.entries()) {
      const mapping = source.mapping ?? {};
      const imported = conversations[i] as ImportedConversation;
      expect(imported.createdAt.getTime()).toBe(Math.round(source.create_time * 1000));
      expect(imported.title).toBe(source.title ?? "Imported chat");
      for (const message of imported.messages) {
        let at: string | null = message.sourceId;
        while (at && !mapping[at]?.message?.create_time) at = mapping[at]?.parent ?? null;
        const seconds = at ? mapping[at]?.message?.create_time : source.create_time;
        expect(message.createdAt.getTime()).toBe(Math.round((seconds ?? 0) * 1000));
      }
    }
  });

  it("shows what the page showed: markers stripped, sources listed, pictures, voice and code", () => {
    const all = conversations.flatMap((c) => c.messages);
    const byId = new Map(all.map((m) => [m.sourceId, m]));
    for (const message of all) expect(message.content).not.toMatch(/【|[\ue200-\ue206]/);
    const cited = byId.get("a1-cited")?.content ?? "";
    expect(cited).toContain("compromise between Sydney and Melbourne. The city");
    expect(cited).toContain("in the Australian Capital Territory.");
    expect(cited).toContain("- [Canberra - Wikipedia](https://en.wikipedia.org/wiki/Canberra)");
    expect(cited).toContain("(https://example.org/canberra-history)");
    expect(byId.get("u2")?.content).toBe(
      "[image]\n\nPlot the population from this photo of a table.",
    );
    expect(byId.get("b-u1")?.content).toBe("Draw me a cat.");
    expect(byId.get("a2-code")?.content).toBe(
      "```python\nimport matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\n```",
    );
    expect(byId.get("b-a2")?.status).toBe("partial");
  });

  it("reads the zip ChatGPT mails exactly as the conversations.json inside it", async () => {
    const json = await readFile(fixturePath("chatgpt-conversations.json"));
    const zip = await folder.write(
      "export.zip",
      await buildZip({ "chat.html": "<html></html>", "conversations.json": json }),
    );
    const fromZip = await readImport(zip);
    expect(fromZip.opened.source).toBe("chatgpt");
    expect(fromZip.opened.totalBytes).toBe(json.length);
    expect(fromZip.opened.bytesRead()).toBe(json.length);
    expect(fromZip.conversations).toEqual(conversations);
  });
});
