import "server-only";
import { createUIMessageStream, createUIMessageStreamResponse, generateText, streamText } from "ai";
import { env } from "@/env";
import type { ReplyMetadata } from "@/lib/contract/chat-stream";
import { nameFromMessage } from "@/lib/session-name";
import type { Database } from "@/server/db";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { retryWhileDatabaseDown } from "@/server/db/retry";
import { NotFoundError, RateLimitedError, UnavailableError } from "@/server/errors";
import type { ChatRequestBody } from "@/server/http/schemas/chat";
import { withDeliveryNotice } from "@/server/http/stream-delivery";
import { announce, announceMessage } from "@/server/live/events";
import { logger } from "@/server/logger";
import type { ChatMessageJson } from "@/server/queries/chat-messages";
import {
  applyModelTitle,
  finishReply,
  recentMessages,
  saveTurn,
  type Turn,
} from "@/server/queries/chat-replies";
import type { HistoryEnd } from "@/server/queries/chat-tree";
import { isShuttingDown } from "@/server/shutdown";
import { refreshSummary, summaryDue } from "@/server/summaries/summarize-session";
import { trackReply } from "./active-replies";
import { chatRateLimiter } from "./chat-rate-limit";
import { type ModelContext, modelContext } from "./model-context";
import { modelErrorMessage } from "./model-errors";
import { modelMessages, systemPrompt } from "./prompts";
import { type ChatModel, chatModelOrUnavailable } from "./provider";
import { FINAL_SAVE_RETRY_MS, writeReply } from "./reply-writer";

const log = logger.child({ area: "chat" });

/** How many of the newest messages are read to fill the context budget. */
const HISTORY_MESSAGES = 200;
/** How long reading them may wait for the database before the request fails (503). */
const HISTORY_RETRY_MS = 5_000;

/** Who asks, in whose session: the owner, or a collaborator of a session shared with them. */
export interface Asker {
  /** The caller: their requests count against the rate limit. */
  id: string;
  /** The session's owner: the messages are stored under their id. */
  ownerId: string;
  /** Stored as the question's author when not the owner; null for the owner. */
  authorId: string | null;
}

/**
 * Answers a user message in a session the asker may ask in (checked by the caller): saves it (once, whatever the retries)
 * where the request puts it (after the active branch's newest message, as a new version of
 * `editOf`, or under `parentId`), reserves the reply row, streams the model's answer and
 * saves it on the server whether or not the client stays. A message that already has a reply
 * gets that reply back instead, unless `regenerate-message` asks for another version.
 */
export async function answerMessage(
  db: Database,
  asker: Asker,
  input: ChatRequestBody,
): Promise<Response> {
  if (isShuttingDown())
    throw new UnavailableError("The server is restarting; try again in a moment");
  const model = chatModelOrUnavailable();
  const allowed = await chatRateLimiter().take(asker.id);
  if (!allowed.ok) {
    throw new RateLimitedError(
      "Too many messages; wait a moment and try again",
      allowed.retryAfterSeconds,
    );
  }

  const { chatSessionId } = input;
  const userId = asker.ownerId;
  // The model's context is the branch the question goes on: the path up from its parent.
  const readHistory = (end: HistoryEnd) =>
    recentMessages(db, { chatSessionId, userId, limit: HISTORY_MESSAGES, end });
  // Read beside the save, not after it (one round trip less before the first token), from
  // where the question will go. It is used only once the save has proved the session is the
  // user's, and only if no other write moved the branch in between.
  const earlier = readHistory(
    input.editOf !== undefined
      ? { parentOf: input.editOf }
      : input.parentId !== undefined
        ? { at: input.parentId }
        : input.trigger === "regenerate-message"
          ? { parentOf: input.message.id }
          : { leaf: true },
  );
  earlier.catch(() => {}); // unread when the save fails; its own failure surfaces below
  const turn = await saveTurn(db, {
    chatSessionId,
    userId,
    question: { id: input.message.id, content: input.message.parts },
    authorId: asker.authorId,
    regenerate: input.trigger === "regenerate-message",
    editOf: input.editOf,
    parentId: input.parentId,
    replyId: input.replyId,
  });
  if (!turn) throw new NotFoundError("Chat session");
  const { project, question, reply } = turn;
  if (!turn.replyCreated) return storedReplyResponse(reply, question);

  let history: ChatMessageJson[];
  try {
    const fromParent = () => readHistory({ at: question.parentId });
    // A dropped connection fails the read at once; a fresh one usually answers.
    history = await earlier.catch((error: unknown) => {
      if (!isDatabaseUnavailable(error)) throw error;
      return retryWhileDatabaseDown(fromParent, {
        forMs: HISTORY_RETRY_MS,
        doing: "reading the history",
      });
    });
    // Another write moved the branch between the read and the save: read the right one.
    if ((history.at(-1)?.id ?? null) !== question.parentId) history = await fromParent();
  } catch (error) {
    failReservedReply(db, { userId, projectId: project.id, replyId: reply.id });
    throw error;
  }
  // The path ends at the question's parent: the question goes last, once.
  history.push(question);
  const config = env();
  let context: ModelContext;
  try {
    context = await modelContext(db, {
      userId,
      path: history,
      budgetChars: config.AI_CONTEXT_BUDGET_CHARS,
    });
  } catch (error) {
    failReservedReply(db, { userId, projectId: project.id, replyId: reply.id });
    throw error;
  }
  // Not the request's signal: a closed tab must not stop the reply. Only the stop button does.
  const controller = new AbortController();
  const result = streamText({
    model: model.model,
    system: systemPrompt(
      project,
      config.AI_PROJECT_FILES_BUDGET_CHARS,
      turn.instructions,
      context.earlier,
    ),
    messages: modelMessages(context.messages),
    abortSignal: controller.signal,
    onError: () => {}, // the reply writer records the failure; the client gets an error part
  });
  // After the model is asked: the events cannot hold up the first token.
  await announceTurn(userId, turn);

  const onSaved = (message: ChatMessageJson) =>
    announce(userId, { type: "message", projectId: project.id, message });
  const saved = writeReply(db, {
    reply: { id: reply.id, userId },
    parts: result.fullStream,
    onSaved,
  });
  const done = saved
    .then(async ({ outcome }) => {
      if (outcome !== "error") keepSummaryUpToDate(db, { userId, turn, context });
      // Only a session still named after its first message gets a title: one model call.
      if (outcome !== "complete" || !model.real || turn.session?.nameSource !== "first_message")
        return;
      const renamed = await nameWithModel(db, model, chatSessionId, question);
      if (renamed)
        await announce(userId, { type: "session", projectId: project.id, chatSession: renamed });
    })
    .catch((error: unknown) => log.error({ err: error }, "could not save the reply"));

  const metadata: ReplyMetadata = {
    createdAt: reply.createdAt.toISOString(),
    userMessageId: question.id,
  };
  const { response, delivered } = withDeliveryNotice(
    result.toUIMessageStreamResponse({
      generateMessageId: () => reply.id,
      messageMetadata: ({ part }) => (part.type === "start" ? metadata : undefined),
      onError: (error) => {
        log.error({ err: error }, "the model failed");
        return modelErrorMessage(error);
      },
    }),
    // A client that read the whole reply finds it stored: its next question, or a reload,
    // sees the full text, not the last one-second flush.
    { endAfter: saved.catch(() => {}) },
  );
  trackReply(reply.id, { userId, chatSessionId, controller, done, delivered });
  return response;
}

/**
 * The reply row was reserved but the model was never asked: it becomes an error (in the
 * background, outliving a database restart) instead of staying `streaming` for ever, and a
 * retry of the question gets that error back, from which the user can regenerate.
 */
function failReservedReply(
  db: Database,
  { userId, projectId, replyId }: { userId: string; projectId: string; replyId: string },
) {
  const done = retryWhileDatabaseDown(
    () => finishReply(db, { id: replyId, userId, content: "", status: "error" }),
    { forMs: FINAL_SAVE_RETRY_MS, doing: "marking the reply failed" },
  )
    .then(async (saved) => {
      if (saved) await announce(userId, { type: "message", projectId, message: saved });
    })
    .catch((error: unknown) => log.error({ err: error }, "could not mark the reply failed"));
  // Shutdown waits for it like for any reply.
  trackReply(replyId, { userId, controller: new AbortController(), done, delivered: done });
}

/**
 * After a reply, in the background: a summary run when the context left out messages no
 * summary covers, when the turn made a new branch (its summary is another one's), or when the
 * branch has grown enough since its summary.
 */
function keepSummaryUpToDate(
  db: Database,
  { userId, turn, context }: { userId: string; turn: Turn; context: ModelContext },
) {
  const { session } = turn;
  if (!session) return;
  const trigger = context.uncovered
    ? "context"
    : turn.branched
      ? "branch"
      : summaryDue(session)
        ? "reply"
        : null;
  if (trigger) refreshSummary(db, { userId, chatSessionId: session.id, trigger });
}

/** Tells the user's other tabs: the branch that changed, the question, the reply begun. */
async function announceTurn(userId: string, turn: Turn) {
  const { project, question, reply, session } = turn;
  if (!session) return;
  if (turn.branched) {
    await announce(userId, {
      type: "branch",
      projectId: project.id,
      chatSessionId: question.chatSessionId,
      activeLeafId: reply.id,
      messageCount: session.messageCount,
    });
  }
  if (turn.questionCreated) await announceMessage(userId, { message: question, session });
  await announceMessage(userId, { message: reply, session });
}

/** A reply already stored (a retried request): sent as the same kind of stream, in one piece. */
function storedReplyResponse(reply: ChatMessageJson, question: ChatMessageJson): Response {
  const metadata: ReplyMetadata = {
    createdAt: reply.createdAt.toISOString(),
    userMessageId: question.id,
  };
  const stream = createUIMessageStream({
    execute({ writer }) {
      writer.write({ type: "start", messageId: reply.id, messageMetadata: metadata });
      writer.write({ type: "text-start", id: "stored" });
      if (reply.content) writer.write({ type: "text-delta", id: "stored", delta: reply.content });
      writer.write({ type: "text-end", id: "stored" });
      if (reply.status === "error")
        writer.write({ type: "error", errorText: "The model failed to answer this message" });
      writer.write({ type: "finish" });
    },
  });
  return createUIMessageStreamResponse({ stream });
}

/** With a real model, a short generated title may replace the first-message name, once. */
async function nameWithModel(
  db: Database,
  model: ChatModel,
  chatSessionId: string,
  question: ChatMessageJson,
) {
  try {
    const { text } = await generateText({
      model: model.model,
      prompt: `Write a title of at most six words for a conversation that starts with this message. Reply with the title only.\n\n${question.content.slice(0, 2000)}`,
      maxOutputTokens: 30,
      abortSignal: AbortSignal.timeout(15_000),
    });
    const title = nameFromMessage(text.replace(/^["'#*\s]+|["'*\s.]+$/g, ""));
    return title ? await applyModelTitle(db, { chatSessionId, title }) : null;
  } catch (error) {
    log.warn({ err: error }, "could not generate a session title");
    return null;
  }
}
