import type { ChatMessage, ChatSession } from "./entities";

/**
 * What /api/events sends a user: their changes, made in another tab or on another instance.
 * Each event carries the project it belongs to.
 */
export type LiveEvent =
  | { type: "message"; projectId: string; message: ChatMessage }
  | { type: "session"; projectId: string; chatSession: ChatSession & { messageCount?: number } }
  | { type: "message-deleted"; projectId: string; chatSessionId: string; messageId: string }
  | { type: "session-deleted"; projectId: string; chatSessionId: string }
  | { type: "project-deleted"; projectId: string };
