import type { ImportSource } from "./conversation";

// Which application wrote a conversation, told from its shape alone (never the file's name):
// the first conversation of a file decides for the whole file.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function detectSource(value: unknown): ImportSource | null {
  if (!isObject(value)) return null;
  if (value.type === "craft.export") return "craft";
  if (isObject(value.mapping) || typeof value.current_node === "string") return "chatgpt";
  // ChatGPT also exports the odd conversation without its mapping.
  if (typeof value.conversation_id === "string" && typeof value.create_time === "number") {
    return "chatgpt";
  }
  const chat = isObject(value.chat) ? value.chat : value;
  const history = isObject(chat.history) ? chat.history : null;
  if ((history && isObject(history.messages)) || (chat !== value && Array.isArray(chat.messages))) {
    return "openwebui";
  }
  const messages = Array.isArray(value.messages) || Array.isArray(value.messagesTree);
  if (typeof value.conversationId === "string" && messages) return "librechat";
  return null;
}
