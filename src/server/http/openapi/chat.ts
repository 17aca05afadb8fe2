import type { ZodOpenApiPathsObject } from "zod-openapi";
import { stopReplyResultBody } from "@/lib/contract/bodies";
import { chatRequestBody, stopReplyBody } from "../schemas/chat";
import { eventStream, jsonResponse, userOperation } from "./operation";

const tag = "chat";

export const chatPaths = (): ZodOpenApiPathsObject => ({
  "/api/chat": {
    post: userOperation("post", {
      operationId: "chat",
      tag,
      summary: "Save a user message and stream the model's reply",
      description:
        "Saves the message as `POST /api/chat-messages` would (idempotent by `message.id`): " +
        "after the active branch's newest message, under `parentId`, or, with `editOf`, as a " +
        "new version of that user message (beside it, under its parent). Reserves the reply " +
        "(`status: streaming`) under it, which becomes the active branch's newest message, " +
        "and streams it as the AI SDK's UI message stream (server-sent events; header " +
        "`x-vercel-ai-ui-message-stream: v1`). The model sees that branch only. The reply is " +
        "saved on the server even if the client goes away. Re-sending a message that already " +
        "has a reply streams its newest reply in one piece; `trigger: regenerate-message` " +
        "writes another version of the reply instead (the earlier ones stay), and a " +
        "`replyId` makes that retry-safe too. Rate limited per user " +
        "(CHAT_RATE_LIMIT_PER_MINUTE); 503 also when the AI provider is not configured. In a " +
        "session shared with you as a collaborator, only a new question at the end of the " +
        "active branch (no `editOf`, `parentId` or `regenerate-message`: 403), stored with you " +
        "as its author; a viewer gets 403.",
      body: chatRequestBody(),
      ok: {
        200: eventStream(
          "`data: {json}` events: `start` (with `messageId`, the reply's id, and " +
            "`messageMetadata: { createdAt, userMessageId }`), `text-delta`s, then `finish`; " +
            "an `error` event if the model fails.",
        ),
      },
      errors: ["NotFound", "Conflict", "RateLimited"],
    }),
  },
  "/api/chat/stop": {
    post: userOperation("post", {
      operationId: "stopReply",
      tag,
      summary: "Stop generating one of your replies; the text so far is kept as `partial`",
      description:
        "With `chatSessionId`, a reply in that session, which may be one shared with you as a " +
        "collaborator (a viewer gets 403; a session you cannot see, 404).",
      body: stopReplyBody,
      errors: ["NotFound"],
      ok: { 200: jsonResponse(stopReplyResultBody, "Whether a reply was stopped") },
    }),
  },
  "/api/events": {
    get: userOperation("get", {
      operationId: "liveEvents",
      tag,
      summary: "Your changes, from any tab or instance, as server-sent events",
      description:
        "A long-lived stream: `data: {json}` for each change to your projects' chats, " +
        "`: ping` every 15 s, `retry: 1000`. Events: `message` (created or edited, or a " +
        "streaming reply's text so far, about every second; without its versions), `branch` " +
        "(the active branch changed other than by a message at its end: a new version, a " +
        "switch, a delete; with `chatSessionId`, `activeLeafId`, `messageCount`), " +
        "`message-deleted` (with `messageId`, `deletedCount`, `activeLeafId`), `session` " +
        "(created, renamed, or moved by a new message), `session-deleted`, `project-deleted`. " +
        "Each carries `projectId`. Those of a session shared with you reach you too (with its " +
        "owner's `projectId`); `access` (shared with you, or your role changed), " +
        "`access-revoked` (you lost it: nothing more of it arrives) and, to an owner, `shares` " +
        "carry `chatSessionId` instead.",
      ok: { 200: eventStream("The event stream") },
    }),
  },
});
