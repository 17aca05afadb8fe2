import type { ZodOpenApiPathsObject } from "zod-openapi";
import { messageBody, messageDeletedBody, messageListBody } from "@/lib/contract/bodies";
import {
  createChatMessageBody,
  listChatMessagesQuery,
  updateChatMessageBody,
} from "../schemas/chat";
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
        "versions it holds. " +
        "At a message (to open a search hit): `around=<messageId>` answers the page centred " +
        "on it with `prevCursor` and `nextCursor`; `nextCursor` sent back as `after` answers " +
        "the next `limit` messages towards the newest (null at the newest). The message must " +
        "be on the active branch: one on another version answers 409; " +
        "`POST /api/chat-sessions/{id}/active-branch` with its id shows its branch, then " +
        "`around` answers. An `after` whose message has left the active branch (a switch, a " +
        "delete) answers 409: read the newest page again. `around` and `after` cost a lookup " +
        "per message between the newest message and the page.",
      query: listChatMessagesQuery,
      ok: { 200: jsonResponse(messageListBody, "The messages") },
      errors: ["NotFound", "Conflict"],
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
  "/api/chat-messages/{id}": {
    patch: userOperation("patch", {
      operationId: "updateChatMessage",
      tag,
      summary: "Fix the text of one of your replies",
      description:
        "Replaces an assistant message's `content` in place (to correct it before sharing it, " +
        "say); its `status` becomes `complete`. A user message answers 409: a question changed " +
        "without a new answer would leave its reply answering words nobody asked, so a new " +
        "version of a question goes through `POST /api/chat` with `editOf`, which answers " +
        "it. A reply still being written answers 409 too. Does not move the session's " +
        "`updatedAt`.",
      pathId: "Message id",
      body: updateChatMessageBody(),
      ok: { 200: jsonResponse(messageBody, "The message as it is now, with its versions") },
      errors: ["Conflict"],
    }),
    delete: userOperation("delete", {
      operationId: "deleteChatMessage",
      tag,
      summary: "Delete one of your messages and everything after it",
      description:
        "Deletes the message and its subtree: every message that follows it, in every " +
        "version. A reply being written there is stopped. When the active branch ran through " +
        "it, the branch moves to the nearest version left of the deleted message (the older " +
        "one first), landing where you last were below it, or else ends at its parent. A " +
        "second delete of the same message answers 404.",
      pathId: "Message id",
      ok: {
        200: jsonResponse(messageDeletedBody, "How many messages went, and where the branch ends"),
      },
    }),
  },
});
