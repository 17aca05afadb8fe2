import type { UIMessage } from "ai";
import type { ReplyMetadata } from "@/lib/contract/chat-stream";
import type { ChatMessage, MessageStatus } from "@/lib/contract/entities";

/** A stored message's time and status, or what a reply's stream said when it started. */
export interface MessageMetadata extends Partial<ReplyMetadata> {
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

/**
 * The status the server stores for a reply whose stream ended this way (the reply writer's
 * rule), so the reply shows it at once. A dropped connection leaves it `streaming`: the server
 * goes on writing it, and its final state arrives as a live event.
 */
export function finishedStatus(end: {
  message: CraftUIMessage;
  isAbort: boolean;
  isDisconnect: boolean;
  isError: boolean;
}): MessageStatus {
  if (end.isDisconnect) return "streaming";
  if (end.isError) return textOf(end.message) ? "partial" : "error";
  return end.isAbort ? "partial" : "complete";
}
