import { z } from "zod";
import type { MessageStatus } from "@/lib/contract/entities";
import { chatgptContent, citedSources, contentText, stripCitationMarkers } from "./chatgpt-content";
import type { ImportedConversation } from "./conversation";
import { ImportFormatError } from "./conversation";
import { importedConversation } from "./imported-conversation";
import type { SourceNode } from "./message-tree";
import { parseSourceConversation, sourceTime } from "./source-values";

// ChatGPT's conversations.json: an array of conversations, each a tree in `mapping` (node id →
// { parent, children, message }) whose `current_node` is the leaf the user was on. Every
// branch is imported; what the user never saw (hidden context, system prompts, tool calls
// and their outputs, browsing results, thoughts) is dropped and its replies re-linked.

const chatgptMessage = z.looseObject({
  author: z.looseObject({ role: z.string() }),
  create_time: z.number().nullish(),
  content: chatgptContent,
  status: z.string().nullish(),
  recipient: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

const chatgptConversation = z.looseObject({
  id: z.string().nullish(),
  conversation_id: z.string().nullish(),
  title: z.string().nullish(),
  create_time: z.number().nullish(),
  update_time: z.number().nullish(),
  // An entry without a mapping (ChatGPT exports a few) is a conversation without messages.
  mapping: z
    .record(
      z.string(),
      z.looseObject({ parent: z.string().nullish(), message: chatgptMessage.nullish() }),
    )
    .nullish(),
  current_node: z.string().nullish(),
});

type ChatgptMessage = z.infer<typeof chatgptMessage>;

/** Turns one element of conversations.json into a conversation to import. */
export function readChatgptConversation(raw: unknown, importedAt: Date): ImportedConversation {
  const conversation = parseSourceConversation(chatgptConversation, raw, "ChatGPT");
  const sourceId = conversation.conversation_id ?? conversation.id;
  if (!sourceId) {
    throw new ImportFormatError(
      `The ChatGPT conversation "${conversation.title ?? ""}" has no conversation_id`,
    );
  }
  const nodes: SourceNode[] = Object.entries(conversation.mapping ?? {}).map(([id, node]) => ({
    id,
    parentId: node.parent ?? null,
    createdAt: sourceTime(node.message?.create_time),
    kept: node.message ? keptMessage(node.message) : null,
  }));
  return importedConversation(
    {
      source: "chatgpt",
      sourceId,
      title: conversation.title,
      createdAt: sourceTime(conversation.create_time),
      updatedAt: sourceTime(conversation.update_time),
      nodes,
      currentId: conversation.current_node ?? null,
    },
    importedAt,
  );
}

/** What the user saw of a message, or null when the ChatGPT page did not show it. */
function keptMessage(message: ChatgptMessage): SourceNode["kept"] {
  const role = message.author.role;
  if (role !== "user" && role !== "assistant") return null;
  if (message.metadata?.is_visually_hidden_from_conversation === true) return null;
  // A message to a tool is a tool call, except the code the user watched run in Python.
  const recipient = message.recipient ?? "all";
  const toPython = recipient === "python" && message.content.content_type === "code";
  if (recipient !== "all" && !toPython) return null;
  const text = contentText(message.content);
  if (text === null) return null;
  const stripped = role === "assistant" ? stripCitationMarkers(text) : text;
  if (stripped.trim() === "") return null;
  const sources = role === "assistant" ? citedSources(message.metadata) : "";
  return {
    role,
    content: sources ? `${stripped}\n\n${sources}` : stripped,
    status: messageStatus(message.status),
  };
}

function messageStatus(status: string | null | undefined): MessageStatus {
  return status === "in_progress" || status === "finished_partial_completion"
    ? "partial"
    : "complete";
}
