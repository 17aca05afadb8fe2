import "server-only";
import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, sql } from "drizzle-orm";
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
import { ConflictError, NotFoundError } from "@/server/errors";
import {
  activeLeaf,
  advanceSession,
  branchOffTo,
  type ChatMessageJson,
  messageColumns,
  messageIdConflict,
  messageInSession,
  sameMessageOrConflict,
  withoutSiblings,
} from "./chat-messages";
import { type HistoryEnd, newSkipId, readPath } from "./chat-tree";
import { type ChatSessionListItem, sessionListItemColumns } from "./session-columns";

export interface Turn {
  project: { id: string; name: string; description: string | null; files: ProjectFiles };
  /** The session's instructions for the model (empty for none), read under its lock. */
  instructions: string;
  question: ChatMessageJson;
  /** The reply being written, or the one already there (`replyCreated: false`). */
  reply: ChatMessageJson;
  replyCreated: boolean;
  questionCreated: boolean;
  /**
   * The new messages went elsewhere than onto the end of the active branch (an edit, a
   * regenerated reply, a question under an earlier message): that branch changed.
   */
  branched: boolean;
  /** The session after the write, with how it is named (a model may still title it). */
  session: (ChatSessionListItem & { nameSource: NameSource }) | null;
}

export interface TurnInput {
  chatSessionId: string;
  userId: string;
  question: { id: string; content: string };
  /** Who asks when not the owner (`userId`): a collaborator of the shared session. */
  authorId?: string | null;
  /** A new version of the reply to a question already stored, beside the ones it has. */
  regenerate: boolean;
  /** The user message this question is a new version of: it goes under that one's parent. */
  editOf?: string;
  /** The message this question follows, when not the active branch's newest. */
  parentId?: string;
  /** A client-chosen id for the new reply: a retried regenerate then creates nothing new. */
  replyId?: string;
}

/**
 * Saves a user's question and reserves its reply (`streaming`) in one transaction under the
 * session's row lock. The question goes under `parentId`, under the parent of the message it
 * edits (`editOf`: a new version of it), or after the active branch's newest message; its
 * reply goes under it, and becomes the active branch's newest message.
 *
 * Retries are safe: the question's id makes it idempotent (a different question under a known
 * id, or the same one under another parent, is a conflict), and a question already answered
 * gets its newest reply back instead of a new one (`replyCreated: false`), unless `regenerate`
 * asks for another version; `replyId`, when given, names that version, so a retried
 * regenerate gets it back. A parent or edited message that is not in the session is a
 * NotFoundError; editing a reply this way is a ConflictError. Null when the session is not the
 * user's.
 */
export async function saveTurn(db: Database, input: TurnInput): Promise<Turn | null> {
  try {
    return await saveTurnOnce(db, input);
  } catch (error) {
    // An id collided: a concurrent try of this very request may have stored it meanwhile,
    // which a second run sees (and answers from); an id used by another message still is
    // a conflict then.
    if (sqlState(error) !== "23505") throw error;
  }
  try {
    return await saveTurnOnce(db, input);
  } catch (error) {
    // The user's question or reply id was taken in another of their sessions meanwhile.
    if (sqlState(error) === "23505") throw messageIdConflict();
    throw error;
  }
}

async function saveTurnOnce(db: Database, input: TurnInput): Promise<Turn | null> {
  const { chatSessionId, userId } = input;
  return await db.transaction(async (tx) => {
    const [owned] = await tx
      .select({
        project: {
          id: projects.id,
          name: projects.name,
          description: projects.description,
          files: projects.files,
        },
        activeLeafId: chatSessions.activeLeafId,
        messageCount: chatSessions.messageCount,
        instructions: chatSessions.instructions,
        // the question, if this id was sent before (a concurrent first try that commits
        // while this one waits for the lock is not seen here: its id then collides, and
        // the whole transaction runs again, below)
        known: { ...messageColumns, depth: chatMessages.depth },
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
    const { project, instructions } = owned;
    const leaf = activeLeaf(owned);
    const { known } = owned;
    if (known) sameMessageOrConflict(known, { chatSessionId, role: "user", ...input.question });

    // The parent the request names, when it names one.
    let stated: { id: string; depth: number } | null | undefined;
    if (input.editOf !== undefined) {
      const edited = await messageInSession(tx, { id: input.editOf, chatSessionId, userId });
      if (!edited) throw new NotFoundError("Message");
      if (edited.role !== "user") throw editOfReply();
      stated = edited.parentId === null ? null : { id: edited.parentId, depth: edited.depth - 1 };
    } else if (input.parentId !== undefined) {
      stated = await messageInSession(tx, { id: input.parentId, chatSessionId, userId });
      if (!stated) throw new NotFoundError("Message");
    }
    if (known && stated !== undefined && known.parentId !== (stated?.id ?? null))
      throw messageIdConflict();

    if (input.replyId !== undefined) {
      const [stored] = await tx
        .select(messageColumns)
        .from(chatMessages)
        .where(and(eq(chatMessages.userId, userId), eq(chatMessages.id, input.replyId)));
      if (stored) {
        // The version this id named was created by an earlier try of this very request.
        const same = known && stored.role === "assistant" && stored.parentId === known.id;
        if (!same) throw messageIdConflict();
        return unchanged(project, instructions, known, stored);
      }
    }
    if (known && !input.regenerate) {
      const [reply] = await tx
        .select(messageColumns)
        .from(chatMessages)
        .where(
          and(
            eq(chatMessages.userId, userId),
            eq(chatMessages.parentId, known.id),
            eq(chatMessages.role, "assistant"),
          ),
        )
        .orderBy(desc(chatMessages.seq))
        .limit(1);
      if (reply) return unchanged(project, instructions, known, reply);
    }

    // The question (new, under its parent) or the known one takes the new reply.
    const parent = known
      ? { id: known.id, depth: known.depth }
      : stated === undefined
        ? leaf
        : stated;
    const branched = await branchOffTo(tx, {
      userId,
      chatSessionId,
      leafId: leaf?.id ?? null,
      parentId: known ? known.id : (parent?.id ?? null),
    });
    const replyId = input.replyId ?? createId();
    const questionDepth = known ? known.depth : (parent?.depth ?? 0) + 1;
    const session = await advanceSession(tx, {
      chatSessionId,
      added: known ? 1 : 2,
      activeLeafId: replyId,
      messageCount: questionDepth + 1,
      autoName: known ? null : nameFromMessage(input.question.content),
    });
    if (!session) throw new Error("the locked session could not be updated");
    const { seq, ...summary } = session;
    const row = { chatSessionId, userId, createdAt: session.updatedAt };
    const rows = await tx
      .insert(chatMessages)
      .values([
        ...(known
          ? []
          : [
              {
                ...row,
                ...input.question,
                authorId: input.authorId ?? null,
                parentId: parent?.id ?? null,
                depth: questionDepth,
                skipId: newSkipId(userId, questionDepth, parent),
                seq: seq - 1,
                role: "user" as const,
              },
            ]),
        {
          ...row,
          id: replyId,
          parentId: input.question.id,
          depth: questionDepth + 1,
          // Under a new question, which this statement inserts: its pointer's chain is read
          // from the question's parent.
          skipId: newSkipId(
            userId,
            questionDepth + 1,
            { id: input.question.id, depth: questionDepth },
            known ? { id: known.id, depth: known.depth } : parent,
          ),
          seq,
          role: "assistant" as const,
          content: "",
          status: "streaming" as const,
        },
      ])
      .returning(messageColumns);
    const reply = rows.find((m) => m.role === "assistant");
    const question = known ? withoutDepth(known) : rows.find((m) => m.role === "user");
    if (!reply || !question) throw new Error("insert into chat_messages returned no row");
    return {
      project,
      instructions,
      question,
      reply,
      replyCreated: true,
      questionCreated: !known,
      branched,
      session: summary,
    };
  });
}

const editOfReply = () =>
  new ConflictError(
    "`editOf` names a reply: a reply is edited with PATCH /api/chat-messages/{id}, or replaced with a regenerated version",
  );

function withoutDepth({ depth: _depth, ...message }: ChatMessageJson & { depth: number }) {
  return message;
}

function unchanged(
  project: Turn["project"],
  instructions: string,
  question: ChatMessageJson & { depth?: number },
  reply: ChatMessageJson,
): Turn {
  const { depth: _depth, ...asked } = question;
  return {
    project,
    instructions,
    question: asked,
    reply,
    replyCreated: false,
    questionCreated: false,
    branched: false,
    session: null,
  };
}

/**
 * The newest `limit` messages of the path that ends at `end`, oldest first: the model's
 * context is one branch, never the other versions. The session's owner was checked before.
 */
export async function recentMessages(
  db: Database,
  params: { chatSessionId: string; userId: string; limit: number; end: HistoryEnd },
): Promise<ChatMessageJson[]> {
  const rows = await readPath(db, params);
  return rows.map(withoutSiblings);
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
    .returning(sessionListItemColumns);
  return row ?? null;
}
