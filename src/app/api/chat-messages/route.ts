import { z } from "zod";
import * as bodies from "@/lib/contract/bodies";
import { cachedJson } from "@/server/cache/response-cache";
import { chatMessagesBody, messageWindowBody } from "@/server/http/chat-session-bodies";
import { decodeCursor } from "@/server/http/cursor-codec";
import { notFound } from "@/server/http/errors";
import { json, jsonText, withUser } from "@/server/http/handler";
import { parseQuery } from "@/server/http/query";
import { createChatMessageBody, listChatMessagesQuery } from "@/server/http/schemas/chat";
import { DEFAULT_PAGE_SIZE, ID_PATTERN } from "@/server/http/schemas/common";
import { forbiddenForRole, requireSessionAccess } from "@/server/http/session-access";
import { announce, announceMessage } from "@/server/live/events";
import { insertChatMessage, withoutSiblings } from "@/server/queries/chat-messages";

// The oldest message of the newer page; `seq`: a position, from cursors handed out before
// messages had versions (a tab open across the upgrade).
const messageCursor = z.union([
  z.strictObject({ before: z.string().regex(ID_PATTERN) }),
  z.strictObject({ seq: z.number().int().min(1).max(2_147_483_647) }),
]);

// The newest message of an older page, for the page after it.
const afterCursor = z.strictObject({ after: z.string().regex(ID_PATTERN) });

// GET /api/chat-messages?chatSessionId=: the messages of a session's active branch, in order
// (yours, or one shared with you)
export const GET = withUser(async ({ db, user, url }) => {
  const query = parseQuery(url, listChatMessagesQuery);
  const { ownerId } = await requireSessionAccess(
    db,
    { sessionId: query.chatSessionId, userId: user.id },
    "read",
  );
  if (query.around !== undefined || query.after !== undefined) {
    const where = {
      chatSessionId: query.chatSessionId,
      userId: ownerId,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    };
    const window =
      query.around !== undefined
        ? await messageWindowBody(db, { ...where, around: query.around })
        : await messageWindowBody(db, {
            ...where,
            after: decodeCursor(query.after ?? "", afterCursor, "after").after,
          });
    if (window === null) throw notFound("Chat session");
    return json(bodies.messageListBody, window);
  }
  const paginated = query.limit !== undefined || query.before !== undefined;
  const params = {
    chatSessionId: query.chatSessionId,
    userId: ownerId,
    limit: paginated ? (query.limit ?? DEFAULT_PAGE_SIZE) : undefined,
    before: query.before ? decodeCursor(query.before, messageCursor, "before") : undefined,
  };
  // The newest page is what opening a chat reads: that one is cached, under the owner (every
  // member reads the same page; access was checked above, on every request).
  const body =
    params.limit !== undefined && !params.before
      ? await cachedJson(
          { kind: "session", id: params.chatSessionId },
          ownerId,
          `newest:${params.limit}`,
          () => chatMessagesBody(db, params),
        )
      : await chatMessagesBody(db, params).then((b) => b && JSON.stringify(b));
  if (body === null) throw notFound("Chat session");
  return jsonText(bodies.messageListBody, body);
});

// POST /api/chat-messages: add a message to a session you own (idempotent with a client id),
// after the active branch's newest message or under `parentId`; a collaborator of a shared
// session adds user messages at the end only
export const POST = withUser(async ({ db, user, body }) => {
  const input = createChatMessageBody().parse(body);
  const { ownerId, role } = await requireSessionAccess(
    db,
    { sessionId: input.chatSessionId, userId: user.id },
    "ask",
  );
  if (role !== "owner" && (input.role !== "user" || input.parentId !== undefined))
    throw forbiddenForRole();
  const result = await insertChatMessage(db, {
    ...input,
    userId: ownerId,
    authorId: role === "owner" ? null : user.id,
  });
  if (!result) throw notFound("Chat session");
  if (result.created) {
    const { session, message } = result;
    if (result.branched) {
      await announce(ownerId, {
        type: "branch",
        projectId: session.projectId,
        chatSessionId: session.id,
        activeLeafId: message.id,
        messageCount: session.messageCount,
      });
    }
    await announceMessage(ownerId, { session, message: withoutSiblings(message) });
  }
  return json(bodies.messageBody, { message: result.message }, result.created ? 201 : 200);
});
