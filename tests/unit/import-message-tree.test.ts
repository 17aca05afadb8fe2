import { describe, expect, it } from "vitest";
import { ImportFormatError } from "@/server/import-formats/conversation";
import { importedConversation } from "@/server/import-formats/imported-conversation";
import { MAX_MESSAGE_CHARS, MAX_MESSAGES_PER_CONVERSATION } from "@/server/import-formats/limits";
import { buildMessageTree, type SourceNode } from "@/server/import-formats/message-tree";

const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second));
const fallback = at(0);

function node(id: string, parentId: string | null, second: number | null, kept = true): SourceNode {
  return {
    id,
    parentId,
    createdAt: second === null ? null : at(second),
    kept: kept ? { role: "user", content: id, status: "complete" } : null,
  };
}

const tree = (nodes: SourceNode[], currentId: string | null = null) =>
  buildMessageTree("Chat", nodes, currentId, fallback);

describe("buildMessageTree", () => {
  it("orders parents first and siblings oldest first, whatever the input order", () => {
    const { messages } = tree([
      node("c2", "b", 4),
      node("c1", "b", 3),
      node("b", "a", 2),
      node("a", null, 1),
    ]);
    expect(messages.map((m) => [m.sourceId, m.parentSourceId])).toEqual([
      ["a", null],
      ["b", "a"],
      ["c1", "b"],
      ["c2", "b"],
    ]);
  });

  it("drops the nodes it does not keep and hangs their replies on the nearest kept ancestor", () => {
    const { messages } = tree([
      node("root", null, null, false),
      node("a", "root", 1),
      node("hidden1", "a", 2, false),
      node("hidden2", "hidden1", 3, false),
      node("b", "hidden2", 4),
    ]);
    expect(messages.map((m) => [m.sourceId, m.parentSourceId])).toEqual([
      ["a", null],
      ["b", "a"],
    ]);
  });

  it("gives a message without a time its nearest ancestor's, and a root the fallback", () => {
    const { messages } = tree([
      node("a", null, null),
      node("hidden", "a", 5, false),
      node("b", "hidden", null),
    ]);
    expect(messages.map((m) => m.createdAt)).toEqual([fallback, at(5)]);
  });

  it("takes the current node's nearest kept ancestor, then its newest replies down to a leaf", () => {
    const nodes = [
      node("a", null, 1),
      node("b1", "a", 2),
      node("b2", "a", 3),
      node("c", "b1", 4),
      node("tool", "c", 5, false),
    ];
    expect(tree(nodes, "tool").activeLeafSourceId).toBe("c");
    expect(tree(nodes, "a").activeLeafSourceId).toBe("b2");
    // No current node, or one the conversation lacks: the newest leaf.
    expect(tree(nodes, null).activeLeafSourceId).toBe("c");
    expect(tree(nodes, "gone").activeLeafSourceId).toBe("c");
    expect(tree([node("x", null, 1, false)], "x").activeLeafSourceId).toBeNull();
  });

  it.each([
    ["a cycle", [node("a", null, 1), node("b", "c", 2), node("c", "b", 3)], /"Chat" has a cycle/],
    ["a message that is its own parent", [node("a", "a", 1)], /"Chat" has a cycle/],
    [
      "an orphan",
      [node("a", null, 1), node("b", "x", 2)],
      /"Chat" has a message \(b\) whose parent x is missing/,
    ],
    [
      "a duplicate id",
      [node("a", null, 1), node("a", null, 2)],
      /"Chat" has two messages with the id a/,
    ],
  ])("refuses %s, naming the conversation", (_name, nodes, message) => {
    expect(() => tree(nodes)).toThrow(ImportFormatError);
    expect(() => tree(nodes)).toThrow(message);
  });

  it("refuses more messages than the limit, and a message longer than the limit", () => {
    const many = Array.from({ length: MAX_MESSAGES_PER_CONVERSATION + 1 }, (_, i) =>
      node(`m${i}`, i ? `m${i - 1}` : null, i),
    );
    expect(() => tree(many)).toThrow(`more than ${MAX_MESSAGES_PER_CONVERSATION} messages`);
    expect(() => tree(many.slice(0, MAX_MESSAGES_PER_CONVERSATION))).not.toThrow();
    const long = node("a", null, 1);
    const content = "x".repeat(MAX_MESSAGE_CHARS + 1);
    expect(() => tree([{ ...long, kept: { role: "user", content, status: "complete" } }])).toThrow(
      `longer than ${MAX_MESSAGE_CHARS} characters`,
    );
  });
});

describe("importedConversation", () => {
  it("keeps text PostgreSQL can store and a title on one line", () => {
    const conversation = importedConversation(
      {
        source: "librechat",
        sourceId: "c",
        title: " Two\nlines\u0000 ",
        createdAt: null,
        updatedAt: null,
        nodes: [
          {
            ...node("a", null, 1),
            kept: { role: "user", content: "a\u0000b", status: "complete" },
          },
        ],
        currentId: null,
      },
      fallback,
    );
    expect(conversation.title).toBe("Two lines");
    expect(conversation.messages[0]?.content).toBe("ab");
    // Without times of its own, the conversation spans its messages.
    expect([conversation.createdAt, conversation.updatedAt]).toEqual([at(1), at(1)]);
  });
});
