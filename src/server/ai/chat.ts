import "server-only";
import { createUIMessageStream, createUIMessageStreamResponse, generateText, streamText } from "ai";
import { env } from "@/env";
import { nameFromMessage } from "@/lib/session-name";
import type { SessionUser } from "@/server/auth/session";
import type { Database } from "@/server/db";
import { ApiError, notFound } from "@/server/http/errors";
import type { ChatRequestBody } from "@/server/http/schemas/chat";
import { announce, announceMessage } from "@/server/live/events";
import { type ChatMessageJson, insertChatMessage } from "@/server/queries/chat-messages";
import {
  applyModelTitle,
  deleteReply,
  findReply,
  loadReplyContext,
} from "@/server/queries/chat-replies";
import { isShuttingDown } from "@/server/shutdown";
import { trackReply } from "./active-replies";
import { historyWithinBudget, systemPrompt } from "./prompts";
import { type ChatModel, chatModelOrUnavailable } from "./provider";
import { chatRateLimiter } from "./rate-limit-store";
import { writeReply } from "./reply-writer";

/** How many of the newest messages are read to fill the context budget. */
const HISTORY_MESSAGES = 200;

/** What the client learns about the reply when its stream starts. */
export interface ReplyMetadata {
  createdAt: string;
  userMessageId: string;
}

/**
 * Answers a user message in a session the user owns: saves it (once, whatever the retries),
 * reserves the reply row, streams the model's answer and saves it on the server whether or
 * not the client stays. A message that already has a reply gets that reply back instead.
 */
export async function answerMessage(
  db: Database,
  user: SessionUser,
  input: ChatRequestBody,
): Promise<Response> {
  if (isShuttingDown())
    throw new ApiError("unavailable", "The server is restarting; try again in a moment");
  const model = chatModelOrUnavailable();
  const allowed = await chatRateLimiter().take(user.id);
  if (!allowed.ok) {
    throw new ApiError(
      "rate_limited",
      "Too many messages; wait a moment and try again",
      undefined,
      {
        "Retry-After": String(allowed.retryAfterSeconds),
      },
    );
  }

  const { chatSessionId } = input;
  const saved = await insertChatMessage(db, {
    chatSessionId,
    userId: user.id,
    role: "user",
    content: input.message.parts,
    id: input.message.id,
  });
  if (!saved) throw notFound("Chat session");
  if (saved.created) await announceMessage(user.id, saved);
  const question = saved.message;
  const projectId = saved.created ? saved.session.projectId : saved.projectId;

  let existing = await findReply(db, { userMessageId: question.id });
  if (existing && input.trigger === "regenerate-message" && existing.status !== "streaming") {
    await deleteReply(db, existing);
    await announce(user.id, {
      type: "message-deleted",
      projectId,
      chatSessionId,
      messageId: existing.id,
    });
    existing = null;
  }
  if (existing) return storedReplyResponse(existing, question);

  const context = await loadReplyContext(db, {
    chatSessionId,
    userId: user.id,
    maxMessages: HISTORY_MESSAGES,
  });
  if (!context) throw notFound("Chat session");
  const reserved = await insertChatMessage(db, {
    chatSessionId,
    userId: user.id,
    role: "assistant",
    content: "",
    status: "streaming",
    inReplyTo: question.id,
  });
  if (!reserved) throw notFound("Chat session");
  if (!reserved.created) return storedReplyResponse(reserved.message, question);
  await announceMessage(user.id, reserved);
  const reply = reserved.message;

  const config = env();
  const history = context.messages.filter((m) => m.id !== reply.id && m.status !== "error");
  // Not the request's signal: a closed tab must not stop the reply. Only the stop button does.
  const controller = new AbortController();
  const result = streamText({
    model: model.model,
    system: systemPrompt(context.project, config.AI_PROJECT_FILES_BUDGET_CHARS),
    messages: historyWithinBudget(history, config.AI_CONTEXT_BUDGET_CHARS),
    abortSignal: controller.signal,
    onError: () => {}, // the reply writer records the failure; the client gets an error part
  });

  const onSaved = (message: ChatMessageJson) =>
    announce(user.id, { type: "message", projectId, message });
  const done = writeReply(db, { id: reply.id, parts: result.fullStream, onSaved })
    .then(async ({ outcome }) => {
      if (outcome !== "complete" || !model.real) return;
      const renamed = await nameWithModel(db, model, chatSessionId, question);
      if (renamed) await announce(user.id, { type: "session", projectId, chatSession: renamed });
    })
    .catch((error: unknown) => console.error("[chat] could not save the reply:", error));
  trackReply(reply.id, { userId: user.id, controller, done });

  const metadata: ReplyMetadata = {
    createdAt: reply.createdAt.toISOString(),
    userMessageId: question.id,
  };
  return result.toUIMessageStreamResponse({
    generateMessageId: () => reply.id,
    messageMetadata: ({ part }) => (part.type === "start" ? metadata : undefined),
    onError: (error) => `The model failed: ${describe(error)}`,
  });
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
    console.error("[chat] could not generate a session title:", describe(error));
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
