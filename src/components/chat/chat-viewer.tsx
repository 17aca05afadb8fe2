"use client";

import { createContext, use } from "react";
import type { SessionRole } from "@/lib/contract/entities";
import type { CraftUIMessage } from "./ui-messages";

/** Who is looking at a conversation, and so what it lets them do and how it names authors. */
export interface ChatViewer {
  role: SessionRole;
  /** The signed-in user: a member's own messages carry their id as `authorId`. */
  userId: string | null;
  /** The session owner's display name; null when the viewer is the owner. */
  ownerName: string | null;
}

const OWNER: ChatViewer = { role: "owner", userId: null, ownerName: null };

export const ChatViewerContext = createContext<ChatViewer>(OWNER);

/** The conversation's viewer; the owner unless a shared page says otherwise. */
export function useChatViewer(): ChatViewer {
  return use(ChatViewerContext);
}

/**
 * Who wrote a question, as this viewer says it: "You" for their own, the collaborator's name,
 * and for the owner's (no `authorId`) the owner's name, or "You" to the owner.
 */
export function authorLabel(message: CraftUIMessage, viewer: ChatViewer): string {
  const authorId = message.metadata?.authorId ?? null;
  if (authorId === null) return viewer.role === "owner" ? "You" : (viewer.ownerName ?? "Owner");
  if (authorId === viewer.userId) return "You";
  return message.metadata?.authorName ?? "Someone";
}

/** Names go above questions once someone besides the owner is in the session. */
export function showsAuthors(messages: CraftUIMessage[], viewer: ChatViewer): boolean {
  return viewer.role !== "owner" || messages.some((m) => m.metadata?.authorId);
}
