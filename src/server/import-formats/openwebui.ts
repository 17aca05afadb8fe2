import { z } from "zod";
import type { MessageStatus } from "@/lib/contract/entities";
import type { ImportedConversation } from "./conversation";
import { importedConversation } from "./imported-conversation";
import type { SourceNode } from "./message-tree";
import { parseSourceConversation, sourceTime } from "./source-values";

// Open WebUI's export: an array of `{ id, title, chat: { history: { currentId, messages } },
// created_at, updated_at }`, or one chat on its own (with or without that envelope). The tree
// is `history.messages` (id → { parentId, childrenIds, role, content, timestamp }); older
// exports only have the list `chat.messages`, with the same fields.

const openwebuiMessage = z.looseObject({
  id: z.string().nullish(),
  parentId: z.string().nullish(),
  role: z.string(),
  content: z.string().nullish(),
  timestamp: z.number().nullish(),
  done: z.boolean().nullish(),
  error: z.unknown().optional(),
  files: z.array(z.looseObject({ type: z.string().nullish() })).nullish(),
});

const openwebuiChat = z.looseObject({
  id: z.string().nullish(),
  title: z.string().nullish(),
  timestamp: z.number().nullish(),
  history: z
    .looseObject({
      currentId: z.string().nullish(),
      messages: z.record(z.string(), openwebuiMessage),
    })
    .nullish(),
  messages: z.array(openwebuiMessage).nullish(),
});

const openwebuiEnvelope = z.looseObject({
  id: z.string().nullish(),
  title: z.string().nullish(),
  chat: openwebuiChat,
  created_at: z.number().nullish(),
  updated_at: z.number().nullish(),
});

type OpenwebuiMessage = z.infer<typeof openwebuiMessage>;

/** Turns one chat of an Open WebUI export into a conversation to import. */
export function readOpenwebuiConversation(raw: unknown, importedAt: Date): ImportedConversation {
  const hasEnvelope = typeof raw === "object" && raw !== null && "chat" in raw;
  const envelope = hasEnvelope
    ? parseSourceConversation(openwebuiEnvelope, raw, "Open WebUI")
    : null;
  const chat = envelope?.chat ?? parseSourceConversation(openwebuiChat, raw, "Open WebUI");
  const listed: [string, OpenwebuiMessage][] = chat.history
    ? Object.entries(chat.history.messages)
    : (chat.messages ?? []).flatMap((message) => (message.id ? [[message.id, message]] : []));
  const nodes: SourceNode[] = listed.map(([id, message]) => ({
    id,
    parentId: message.parentId ?? null,
    createdAt: sourceTime(message.timestamp),
    kept: keptMessage(message),
  }));
  const currentId = chat.history?.currentId ?? null;
  // A chat exported without an id is still one chat: its first message's id stands for it.
  const sourceId = envelope?.id ?? chat.id ?? `first-message:${listed[0]?.[0] ?? "none"}`;
  return importedConversation(
    {
      source: "openwebui",
      sourceId,
      title: envelope?.title ?? chat.title,
      createdAt: sourceTime(envelope?.created_at ?? chat.timestamp),
      updatedAt: sourceTime(envelope?.updated_at),
      nodes,
      currentId,
    },
    importedAt,
  );
}

// Open WebUI writes a model's reasoning and its tool calls into the answer as <details> blocks
// the page folds away; what remains is the answer the user read.
const foldedBlock =
  /<details\s+type="(?:reasoning|tool_calls|code_interpreter)"[^>]*>[\s\S]*?<\/details>/g;

const errorDetail = z.union([z.string(), z.looseObject({ content: z.string() })]);

function keptMessage(message: OpenwebuiMessage): SourceNode["kept"] {
  if (message.role !== "user" && message.role !== "assistant") return null;
  const original = message.content ?? "";
  const folded = original.replace(foldedBlock, "");
  let content = folded === original ? original : folded.trim();
  // A picture the user sent is only a placeholder here: its data stays in Open WebUI.
  if (message.files?.some((file) => file.type === "image"))
    content = `[image]\n\n${content}`.trim();
  // A failed reply shows its error where the answer would be.
  if (content.trim() === "" && message.error) content = errorText(message.error);
  if (content.trim() === "") return null;
  return { role: message.role, content, status: messageStatus(message) };
}

function errorText(error: unknown): string {
  const parsed = errorDetail.safeParse(error);
  if (!parsed.success) return "The reply failed.";
  return typeof parsed.data === "string" ? parsed.data : parsed.data.content;
}

function messageStatus(message: OpenwebuiMessage): MessageStatus {
  if (message.error) return "error";
  return message.done === false ? "partial" : "complete";
}
