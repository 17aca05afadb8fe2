import { z } from "zod";
import type { MessageStatus } from "@/lib/contract/entities";
import type { ImportedConversation } from "./conversation";
import { ImportFormatError } from "./conversation";
import { importedConversation } from "./imported-conversation";
import { MAX_MESSAGES_PER_CONVERSATION, MAX_TREE_DEPTH } from "./limits";
import type { SourceNode } from "./message-tree";
import { parseSourceConversation, sourceTime } from "./source-values";

// LibreChat's export: one conversation `{ conversationId, title, messages }`, each message
// `{ messageId, parentMessageId, isCreatedByUser, text, content?, createdAt }`, the root's
// parent being the zero uuid. Its "recursive" variant (`recursive: true`, sometimes the key
// `messagesTree`) nests each reply in its parent's `children` instead.

const noParent = "00000000-0000-0000-0000-000000000000";

const librechatConversation = z.looseObject({
  conversationId: z.string(),
  title: z.string().nullish(),
  createdAt: z.union([z.string(), z.number()]).nullish(),
  updatedAt: z.union([z.string(), z.number()]).nullish(),
  messages: z.array(z.unknown()).nullish(),
  messagesTree: z.array(z.unknown()).nullish(),
});

// Checked one message at a time, its children left unparsed: a deep tree is walked by a loop,
// never by a recursive schema that a deep enough file could overflow.
const librechatMessage = z.looseObject({
  messageId: z.string(),
  parentMessageId: z.string().nullish(),
  isCreatedByUser: z.boolean().nullish(),
  text: z.string().nullish(),
  content: z.array(z.unknown()).nullish(),
  files: z.array(z.looseObject({ type: z.string().nullish() })).nullish(),
  createdAt: z.union([z.string(), z.number()]).nullish(),
  error: z.boolean().nullish(),
  unfinished: z.boolean().nullish(),
  children: z.array(z.unknown()).nullish(),
});

type LibrechatMessage = z.infer<typeof librechatMessage>;

/** Turns one LibreChat export into a conversation to import (its newest leaf active). */
export function readLibrechatConversation(raw: unknown, importedAt: Date): ImportedConversation {
  const conversation = parseSourceConversation(librechatConversation, raw, "LibreChat");
  const title = conversation.title ?? conversation.conversationId;
  const problem = (what: string) =>
    new ImportFormatError(`The LibreChat conversation "${title}" ${what}`);

  const nodes: SourceNode[] = [];
  const top = conversation.messagesTree ?? conversation.messages ?? [];
  const stack = top.map((value) => ({ value, nestedIn: null as string | null, depth: 1 }));
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (entry.depth > MAX_TREE_DEPTH) throw problem(`nests deeper than ${MAX_TREE_DEPTH} replies`);
    const parsed = librechatMessage.safeParse(entry.value);
    if (!parsed.success) {
      throw problem(`has a message that cannot be read: ${parsed.error.issues[0]?.message}`);
    }
    const message = parsed.data;
    const declared = message.parentMessageId;
    nodes.push({
      id: message.messageId,
      // A nested message's parent is where it is nested, whatever it declares.
      parentId: entry.nestedIn ?? (declared && declared !== noParent ? declared : null),
      createdAt: sourceTime(message.createdAt),
      kept: keptMessage(message),
    });
    if (nodes.length > MAX_MESSAGES_PER_CONVERSATION) {
      throw problem(`has more than ${MAX_MESSAGES_PER_CONVERSATION} messages`);
    }
    for (const child of message.children ?? []) {
      stack.push({ value: child, nestedIn: message.messageId, depth: entry.depth + 1 });
    }
  }

  return importedConversation(
    {
      source: "librechat",
      sourceId: conversation.conversationId,
      title: conversation.title,
      createdAt: sourceTime(conversation.createdAt),
      updatedAt: sourceTime(conversation.updatedAt),
      nodes,
      currentId: null,
    },
    importedAt,
  );
}

const contentPart = z.looseObject({
  type: z.string(),
  text: z.union([z.string(), z.looseObject({ value: z.string() })]).nullish(),
  error: z.string().nullish(),
});

function keptMessage(message: LibrechatMessage): SourceNode["kept"] {
  let content = message.text?.trim() ? message.text : contentText(message.content ?? []);
  // A picture the user attached is only a placeholder here: its file stays in LibreChat.
  if (message.files?.some((file) => file.type?.startsWith("image/"))) {
    content = `[image]\n\n${content}`.trim();
  }
  if (content.trim() === "") return null;
  return {
    role: message.isCreatedByUser ? "user" : "assistant",
    content,
    status: messageStatus(message),
  };
}

/** An agent's reply keeps its text in parts; its thinking and tool calls are left out. */
function contentText(parts: unknown[]): string {
  return parts
    .map((part) => {
      const parsed = contentPart.safeParse(part);
      if (!parsed.success) return "";
      const { type, text } = parsed.data;
      if (type === "image_file" || type === "image_url") return "[image]";
      // A failed reply shows its error where the answer would be.
      if (type === "error") return parsed.data.error ?? "";
      if (type !== "text" || !text) return "";
      return typeof text === "string" ? text : text.value;
    })
    .filter(Boolean)
    .join("\n\n");
}

function messageStatus(message: LibrechatMessage): MessageStatus {
  if (message.error) return "error";
  return message.unfinished ? "partial" : "complete";
}
