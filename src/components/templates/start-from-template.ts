"use client";

import { api } from "@/lib/api-client";
import type { ChatSessionWithMessages, SessionTemplate } from "@/lib/contract/entities";
import { leaveStartDraft } from "./start-draft";

/**
 * Creates a session from a template (its instructions and tags come with it, server-side) and
 * leaves the template's first message for the new chat's composer, which the client already
 * has: the server never sends it.
 */
export async function startFromTemplate(projectId: string, template: SessionTemplate) {
  const { chatSession } = await api<{ chatSession: ChatSessionWithMessages }>(
    "/api/chat-sessions",
    { method: "POST", body: { projectId, templateId: template.id } },
  );
  leaveStartDraft(chatSession.id, template.firstMessage);
  const { messages: _messages, ...session } = chatSession;
  return { ...session, messageCount: 0 };
}
