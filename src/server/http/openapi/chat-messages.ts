import type { ZodOpenApiPathsObject } from "zod-openapi";
import { messageBody, messageListBody } from "@/lib/contract/bodies";
import { createChatMessageBody, listChatMessagesQuery } from "../schemas/chat";
import { jsonResponse, userOperation } from "./operation";

const tag = "chat-messages";

export const chatMessagePaths = (): ZodOpenApiPathsObject => ({
  "/api/chat-messages": {
    get: userOperation("get", {
      operationId: "listChatMessages",
      tag,
      summary: "The messages of a session's active branch, oldest first",
      description:
        "Messages form a tree: each follows its `parentId`, and messages with the same parent " +
        "are versions (an edited question, a regenerated reply). This answers the active " +
        "branch, the path from the first message to the session's newest active one, each " +
        "message with its versions (`siblingCount`, `siblingIndex`, `siblingIds`). " +
        "Without `limit` or `before`: all of it. " +
        "Paged: the newest `limit` messages of it older than `before`, still oldest first " +
        "within the page; pass `prevCursor` back as `before` for the page before it, null " +
        "means none. A page costs the same however long the session and however many " +
        "versions it holds.",
      query: listChatMessagesQuery,
      ok: { 200: jsonResponse(messageListBody, "The messages") },
      errors: ["NotFound"],
    }),
    post: userOperation("post", {
      operationId: "createChatMessage",
      tag,
      summary: "Add a message to a session you own",
      description:
        "Stored with `status: complete` after the newest message of the active branch, or " +
        "under `parentId` (a new branch there); it becomes the active branch's newest. Moves " +
        "the session's `updatedAt`; the first user message names a session still called " +
        '"New Chat". Idempotent with a client `id`.',
      body: createChatMessageBody(),
      ok: {
        201: jsonResponse(messageBody, "Created"),
        200: jsonResponse(
          messageBody,
          "Already stored under this `id`: the stored message, nothing added",
        ),
      },
      errors: ["NotFound", "Conflict"],
    }),
  },
});
