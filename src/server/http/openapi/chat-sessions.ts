import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  chatSessionBody,
  chatSessionListBody,
  chatSessionWithMessagesBody,
  successBody,
} from "@/lib/contract/bodies";
import {
  createChatSessionBody,
  listChatSessionsQuery,
  updateChatSessionBody,
} from "../schemas/chat";
import { jsonResponse, PAGE_NOTE, userOperation } from "./operation";

const tag = "chat-sessions";

export const chatSessionPaths = (): ZodOpenApiPathsObject => ({
  "/api/chat-sessions": {
    get: userOperation("get", {
      operationId: "listChatSessions",
      tag,
      summary: "A project's sessions, most recently updated first",
      description:
        "By default every session carries the messages of its active branch (the spec's " +
        "form, see `GET /api/chat-messages`). `includeMessages=false` gives `messageCount` " +
        "(the length of that branch) instead. " +
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
        "message; a name you give is kept.",
      body: createChatSessionBody,
      ok: { 201: jsonResponse(chatSessionWithMessagesBody, "Created, with `messages: []`") },
      errors: ["NotFound"],
    }),
  },
  "/api/chat-sessions/{id}": {
    get: userOperation("get", {
      operationId: "getChatSession",
      tag,
      summary: "One of your sessions with the messages of its active branch in order",
      pathId: "Chat session id",
      ok: { 200: jsonResponse(chatSessionWithMessagesBody, "The session") },
    }),
    patch: userOperation("patch", {
      operationId: "renameChatSession",
      tag,
      summary: "Rename a session",
      description:
        "The name is final: automatic naming never replaces it. Moves `updatedAt`. " +
        "The answer carries the session without `messages`.",
      pathId: "Chat session id",
      body: updateChatSessionBody,
      ok: { 200: jsonResponse(chatSessionBody, "The renamed session") },
    }),
    delete: userOperation("delete", {
      operationId: "deleteChatSession",
      tag,
      summary: "Delete a session and its messages",
      pathId: "Chat session id",
      ok: { 200: jsonResponse(successBody, "Deleted") },
    }),
  },
});
