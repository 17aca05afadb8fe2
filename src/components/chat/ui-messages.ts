import type { UIMessage } from "ai";
import type { ReplyMetadata } from "@/lib/contract/chat-stream";
import type { ChatMessage, ChatMessageWithSiblings, MessageStatus } from "@/lib/contract/entities";

/** A stored message's time, status and place in the tree, or what a reply's stream said. */
export interface MessageMetadata extends Partial<ReplyMetadata> {
  status?: MessageStatus;
  parentId?: string | null;
  /** Every version at this point of the conversation, this one included, oldest first. */
  siblingIds?: string[];
  /** Who sent a question when it was not the session's owner (a collaborator), and their name. */
  authorId?: string | null;
  authorName?: string | null;
}

export type CraftUIMessage = UIMessage<MessageMetadata>;

/** A stored message in the shape useChat keeps. */
export function toUIMessage(message: ChatMessage | ChatMessageWithSiblings): CraftUIMessage {
  return {
    id: message.id,
    role: message.role,
    parts: [{ type: "text", text: message.content }],
    metadata: {
      createdAt: message.createdAt,
      status: message.status,
      parentId: message.parentId,
      siblingIds: "siblingIds" in message ? message.siblingIds : undefined,
      authorId: message.authorId,
      authorName: message.authorName,
    },
  };
}

/**
 * A message that arrived again (a live event, a re-read page) in place of the one shown: what
 * the new copy does not say, such as its versions, is kept from the old one.
 */
export function mergeUIMessage(shown: CraftUIMessage, incoming: CraftUIMessage): CraftUIMessage {
  return {
    ...incoming,
    metadata: {
      ...incoming.metadata,
      siblingIds: incoming.metadata?.siblingIds ?? shown.metadata?.siblingIds,
    },
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
