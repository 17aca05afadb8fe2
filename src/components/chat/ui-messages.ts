import type { UIMessage } from "ai";
import type { ChatMessage, MessageStatus } from "@/lib/types";

export interface MessageMetadata {
  createdAt?: string;
  status?: MessageStatus;
}

export type CraftUIMessage = UIMessage<MessageMetadata>;

/** A stored message in the shape useChat keeps. */
export function toUIMessage(message: ChatMessage): CraftUIMessage {
  return {
    id: message.id,
    role: message.role,
    parts: [{ type: "text", text: message.content }],
    metadata: { createdAt: message.createdAt, status: message.status },
  };
}

export function textOf(message: CraftUIMessage): string {
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}
