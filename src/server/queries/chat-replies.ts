import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { chatMessages, chatSessions, type MessageStatus, projects } from "@/server/db/schema";
import {
  type ChatMessageJson,
  listChatMessages,
  messageColumns,
  sessionSummaryColumns,
} from "./chat-messages";

/** The model's reply to a user message, if it has one. */
export async function findReply(db: Database, { userMessageId }: { userMessageId: string }) {
  const [reply] = await db
    .select(messageColumns)
    .from(chatMessages)
    .where(eq(chatMessages.inReplyTo, userMessageId));
  return reply ?? null;
}

/** What the model is told: the session's project and its newest messages. Null if not the user's. */
export async function loadReplyContext(
  db: Database,
  {
    chatSessionId,
    userId,
    maxMessages,
  }: { chatSessionId: string; userId: string; maxMessages: number },
) {
  const [project] = await db
    .select({ name: projects.name, description: projects.description, files: projects.files })
    .from(chatSessions)
    .innerJoin(projects, eq(projects.id, chatSessions.projectId))
    .where(and(eq(chatSessions.id, chatSessionId), eq(projects.userId, userId)));
  const history =
    project && (await listChatMessages(db, { chatSessionId, userId, limit: maxMessages }));
  if (!project || !history) return null;
  return { project, messages: history.messages };
}

/** Saves a streaming reply's text so far; touching `updated_at` shows it is still alive. */
export async function saveReplyProgress(
  db: Database,
  { id, content }: { id: string; content: string },
) {
  const [row] = await db
    .update(chatMessages)
    .set({ content, updatedAt: sql`now()` })
    .where(and(eq(chatMessages.id, id), eq(chatMessages.status, "streaming")))
    .returning(messageColumns);
  return row ?? null;
}

/** Writes a reply's final text and state. A reply whose session was deleted is simply gone. */
export async function finishReply(
  db: Database,
  {
    id,
    content,
    status,
  }: { id: string; content: string; status: Exclude<MessageStatus, "streaming"> },
) {
  const [row] = await db
    .update(chatMessages)
    .set({ content, status })
    .where(eq(chatMessages.id, id))
    .returning(messageColumns);
  return row ?? null;
}

/** Removes a finished reply so the question can be answered again (retry). */
export async function deleteReply(db: Database, reply: ChatMessageJson): Promise<void> {
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(chatMessages)
      .where(and(eq(chatMessages.id, reply.id), sql`${chatMessages.status} <> 'streaming'`))
      .returning({ id: chatMessages.id });
    if (gone.length === 0) return;
    await tx
      .update(chatSessions)
      .set({ messageCount: sql`${chatSessions.messageCount} - 1` })
      .where(eq(chatSessions.id, reply.chatSessionId));
  });
}

/** A model-written title replaces the first-message name once, never a name the user chose. */
export async function applyModelTitle(
  db: Database,
  { chatSessionId, title }: { chatSessionId: string; title: string },
) {
  const [row] = await db
    .update(chatSessions)
    .set({ name: title, nameSource: "model" })
    .where(and(eq(chatSessions.id, chatSessionId), eq(chatSessions.nameSource, "first_message")))
    .returning(sessionSummaryColumns);
  return row ?? null;
}
