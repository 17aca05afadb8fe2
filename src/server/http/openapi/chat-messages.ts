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
      summary: "A session's messages, oldest first",
      description:
        "Without `limit` or `before`: every message. " +
        "Paged: the newest `limit` messages older than `before`, still oldest first within the " +
        "page; pass `prevCursor` back as `before` for the page before it, null means none.",
      query: listChatMessagesQuery,
      ok: { 200: jsonResponse(messageListBody, "The messages") },
      errors: ["NotFound"],
    }),
    post: userOperation("post", {
      operationId: "createChatMessage",
      tag,
      summary: "Add a message to a session you own",
      description:
        "Stored with `status: complete`; moves the session's `updatedAt`; the first user " +
        'message names a session still called "New Chat". Idempotent with a client `id`.',
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
