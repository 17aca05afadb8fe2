import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { nameFromMessage } from "@/lib/session-name";
import type { Database } from "@/server/db";
import { sqlState } from "@/server/db/errors";
import {
  chatMessages,
  chatSessions,
  type MessageStatus,
  type NameSource,
  type ProjectFiles,
  projects,
} from "@/server/db/schema";
import {
  advanceSession,
  type ChatMessageJson,
  type ChatSessionSummary,
  messageColumns,
  messageIdConflict,
  readMessagePage,
  sameMessageOrConflict,
  sessionSummaryColumns,
} from "./chat-messages";

export interface Turn {
  project: { id: string; name: string; description: string | null; files: ProjectFiles };
  question: ChatMessageJson;
  /** The reply being written, or the one already there (`replyCreated: false`). */
  reply: ChatMessageJson;
  replyCreated: boolean;
  questionCreated: boolean;
  /** A finished reply that `regenerate` removed. */
  removedReplyId: string | null;
  /** The session after the write, with how it is named (a model may still title it). */
  session: (ChatSessionSummary & { nameSource: NameSource }) | null;
}

/**
 * Saves a user's question and reserves its reply (`streaming`) in one transaction under the
 * session's row lock: the question and its reply take consecutive `seq`s, and a question that
 * already has a reply gets that reply back instead (a retried request), unless `regenerate`
 * asks for a new one and the old one is finished. The question's id makes it idempotent; a
 * different question under a known id is a conflict. Null when the session is not the user's.
 */
export async function saveTurn(
  db: Database,
  input: {
    chatSessionId: string;
    userId: string;
    question: { id: string; content: string };
    regenerate: boolean;
  },
): Promise<Turn | null> {
  const { chatSessionId, userId } = input;
  try {
    return await db.transaction(async (tx) => {
      const [owned] = await tx
        .select({
          project: {
            id: projects.id,
            name: projects.name,
            description: projects.description,
            files: projects.files,
          },
          // the question, if this id was sent before
          known: messageColumns,
        })
        .from(chatSessions)
        .innerJoin(projects, eq(projects.id, chatSessions.projectId))
        .leftJoin(
          chatMessages,
          and(eq(chatMessages.userId, userId), eq(chatMessages.id, input.question.id)),
        )
        .where(and(eq(chatSessions.id, chatSessionId), eq(projects.userId, userId)))
        .for("update", { of: chatSessions });
      if (!owned) return null;
      const { project } = owned;
      const known =
        owned.known &&
        sameMessageOrConflict(owned.known, { chatSessionId, role: "user", ...input.question });

      let removedReplyId: string | null = null;
      if (known) {
        const [reply] = await tx
          .select(messageColumns)
          .from(chatMessages)
          .where(and(eq(chatMessages.userId, userId), eq(chatMessages.inReplyTo, known.id)));
        if (reply && !(input.regenerate && reply.status !== "streaming")) {
          return unchanged(project, known, reply);
        }
        if (reply) {
          await tx
            .delete(chatMessages)
            .where(and(eq(chatMessages.userId, userId), eq(chatMessages.id, reply.id)));
          removedReplyId = reply.id;
        }
      }

      const session = await advanceSession(tx, {
        chatSessionId,
        added: known ? 1 : 2,
        removed: removedReplyId ? 1 : 0,
        autoName: known ? null : nameFromMessage(input.question.content),
      });
      if (!session) throw new Error("the locked session could not be updated");
      const { seq, ...summary } = session;
      const row = { chatSessionId, userId, createdAt: session.updatedAt };
      const rows = await tx
        .insert(chatMessages)
        .values([
          ...(known ? [] : [{ ...row, ...input.question, seq: seq - 1, role: "user" as const }]),
          {
            ...row,
            seq,
            role: "assistant",
            content: "",
            status: "streaming",
            inReplyTo: input.question.id,
          },
        ])
        .returning(messageColumns);
      const reply = rows.find((m) => m.role === "assistant");
      const question = known ?? rows.find((m) => m.role === "user");
      if (!reply || !question) throw new Error("insert into chat_messages returned no row");
      return {
        project,
        question,
        reply,
        replyCreated: true,
        questionCreated: !known,
        removedReplyId,
        session: summary,
      };
    });
  } catch (error) {
    // The user's question id was taken in another of their sessions meanwhile.
    if (sqlState(error) === "23505") throw messageIdConflict();
    throw error;
  }
}

function unchanged(
  project: Turn["project"],
  question: ChatMessageJson,
  reply: ChatMessageJson,
): Turn {
  return {
    project,
    question,
    reply,
    replyCreated: false,
    questionCreated: false,
    removedReplyId: null,
    session: null,
  };
}

/** The newest `limit` messages of a session, oldest first (its owner was checked before). */
export async function recentMessages(
  db: Database,
  { chatSessionId, limit }: { chatSessionId: string; limit: number },
): Promise<ChatMessageJson[]> {
  const rows = await readMessagePage(db, { chatSessionId, take: limit });
  return rows.reverse().map(({ seq: _seq, ...message }) => message);
}

/** A reply as its writer knows it: message ids are unique per user. */
export interface ReplyKey {
  id: string;
  userId: string;
}

const isReply = ({ id, userId }: ReplyKey) =>
  and(eq(chatMessages.userId, userId), eq(chatMessages.id, id));

/** Saves a streaming reply's text so far; touching `updated_at` shows it is still alive. */
export async function saveReplyProgress(
  db: Database,
  { content, ...reply }: ReplyKey & { content: string },
) {
  const [row] = await db
    .update(chatMessages)
    .set({ content, updatedAt: sql`now()` })
    .where(and(isReply(reply), eq(chatMessages.status, "streaming")))
    .returning(messageColumns);
  return row ?? null;
}

/** Writes a reply's final text and state. A reply whose session was deleted is simply gone. */
export async function finishReply(
  db: Database,
  {
    content,
    status,
    ...reply
  }: ReplyKey & { content: string; status: Exclude<MessageStatus, "streaming"> },
) {
  const [row] = await db
    .update(chatMessages)
    .set({ content, status })
    .where(isReply(reply))
    .returning(messageColumns);
  return row ?? null;
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
