import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  activeBranchBody,
  bulkSessionsResultBody,
  chatSessionBody,
  chatSessionListBody,
  chatSessionReadBody,
  chatSessionWithMessagesBody,
  successBody,
} from "@/lib/contract/bodies";
import {
  bulkChatSessionsBody,
  createChatSessionBody,
  listChatSessionsQuery,
  summarizeSessionBody,
  switchBranchBody,
  updateChatSessionBody,
} from "../schemas/chat";
import { jsonResponse, PAGE_NOTE, userOperation } from "./operation";

const tag = "chat-sessions";

export const chatSessionPaths = (): ZodOpenApiPathsObject => ({
  "/api/chat-sessions": {
    get: userOperation("get", {
      operationId: "listChatSessions",
      tag,
      summary: "A project's sessions: pinned first, then most recently updated",
      description:
        "By default every session carries the messages of its active branch (the spec's " +
        "form, see `GET /api/chat-messages`). `includeMessages=false` gives `messageCount` " +
        "(the length of that branch) instead. Archived sessions are left out unless " +
        "`archived=true`, which lists only them; `tag` (repeatable) keeps the sessions that " +
        "carry every tag given. " +
        PAGE_NOTE +
        " Pass `nextCursor` back as `cursor` for the next page; null means the last page.",
      query: listChatSessionsQuery,
      ok: {
        200: jsonResponse(chatSessionListBody, "The sessions, with messages or message counts"),
      },
      errors: ["NotFound"],
    }),
    post: userOperation("post", {
      operationId: "createChatSession",
      tag,
      summary: "Start a session in one of your projects",
      description:
        'Without a `name` the session is "New Chat" and takes its name from the first user ' +
        "message; a name you give is kept. With `templateId` it starts from that template: " +
        "its instructions and tags (404 when the template is not one you can use).",
      body: createChatSessionBody,
      ok: { 201: jsonResponse(chatSessionWithMessagesBody, "Created, with `messages: []`") },
      errors: ["NotFound"],
    }),
  },
  "/api/chat-sessions/{id}": {
    get: userOperation("get", {
      operationId: "getChatSession",
      tag,
      summary:
        "One of your sessions, or one shared with you, with the messages of its active branch in order",
      description:
        "`role` says what you may do with it (`owner`, `collaborator`, `viewer`); `ownerName` " +
        "names its owner when it was shared with you. A member sees it without the owner's tags.",
      pathId: "Chat session id",
      ok: { 200: jsonResponse(chatSessionReadBody, "The session") },
    }),
    patch: userOperation("patch", {
      operationId: "updateChatSession",
      tag,
      summary: "Rename, tag, pin, archive a session, or change its instructions",
      description:
        "A new name is final: automatic naming never replaces it, and it moves `updatedAt`. " +
        "Tags, pin, archive and instructions do not move it, so the list does not reorder. " +
        "The answer carries the session without `messages`.",
      pathId: "Chat session id",
      body: updateChatSessionBody,
      ok: { 200: jsonResponse(chatSessionBody, "The session now") },
    }),
    delete: userOperation("delete", {
      operationId: "deleteChatSession",
      tag,
      summary: "Delete a session and its messages",
      pathId: "Chat session id",
      ok: { 200: jsonResponse(successBody, "Deleted") },
    }),
  },
  "/api/chat-sessions/bulk": {
    post: userOperation("post", {
      operationId: "bulkChatSessions",
      tag,
      summary: "Tag, untag, pin, unpin, archive, unarchive or delete several sessions at once",
      body: bulkChatSessionsBody,
      ok: { 200: jsonResponse(bulkSessionsResultBody, "Done, for every session named") },
      errors: ["NotFound", "Conflict"],
    }),
  },
  "/api/chat-sessions/{id}/active-branch": {
    post: userOperation("post", {
      operationId: "switchActiveBranch",
      tag,
      summary: "Show another version: make the branch through a message the active one",
      description:
        "The branch through `messageId` (usually another of a message's `siblingIds`) " +
        "becomes the one the session's reads answer, landing where you last were below that " +
        "message, or else on its newest messages; the branch left is remembered the same " +
        "way, so switching back returns to it. A message already on the active branch " +
        "changes nothing. Answers the new branch's newest `limit` messages, as " +
        "`GET /api/chat-messages` pages them. Does not move the session's `updatedAt`; " +
        "`messageCount` follows the new branch.",
      pathId: "Chat session id",
      body: switchBranchBody,
      ok: { 200: jsonResponse(activeBranchBody, "The active branch now") },
    }),
  },
  "/api/chat-sessions/{id}/summary": {
    post: userOperation("post", {
      operationId: "summarizeChatSession",
      tag,
      summary: "Summarize the session's active branch now",
      description:
        "Sessions are summarized on their own in the background (after a few turns, then " +
        "every `AI_SUMMARY_EVERY_MESSAGES` new messages); this makes the newest summary again " +
        "at once, from the one before it and the messages since. Answers 202 with the " +
        "session, `summaryStatus: running`; the new summary (or `failed` with `summaryError`, " +
        "the old summary kept) arrives as a `session` event on `GET /api/events` and in every " +
        "read of the session. A run already going for the session is not started twice. " +
        "409 when the session has no messages; 503 when no model is configured. Counts " +
        "against the same per-minute limit as chat messages.",
      pathId: "Chat session id",
      body: summarizeSessionBody,
      ok: { 202: jsonResponse(chatSessionBody, "Being summarized") },
      errors: ["Conflict", "RateLimited"],
    }),
  },
});
