import { z } from "zod";
import * as bodies from "@/lib/contract/bodies";
import { cachedJson } from "@/server/cache/response-cache";
import { chatMessagesBody } from "@/server/http/chat-session-bodies";
import { decodeCursor } from "@/server/http/cursor-codec";
import { notFound } from "@/server/http/errors";
import { json, jsonText, withUser } from "@/server/http/handler";
import { parseQuery } from "@/server/http/query";
import { createChatMessageBody, listChatMessagesQuery } from "@/server/http/schemas/chat";
import { DEFAULT_PAGE_SIZE } from "@/server/http/schemas/common";
import { announceMessage } from "@/server/live/events";
import { insertChatMessage } from "@/server/queries/chat-messages";

const messageCursor = z.object({ seq: z.number().int().min(1).max(2_147_483_647) });

// GET /api/chat-messages?chatSessionId=: a session's messages in creation order
export const GET = withUser(async ({ db, user, url }) => {
  const query = parseQuery(url, listChatMessagesQuery);
  const paginated = query.limit !== undefined || query.before !== undefined;
  const params = {
    chatSessionId: query.chatSessionId,
    userId: user.id,
    limit: paginated ? (query.limit ?? DEFAULT_PAGE_SIZE) : undefined,
    before: query.before ? decodeCursor(query.before, messageCursor, "before") : undefined,
  };
  // The newest page is what opening a chat reads: that one is cached.
  const body =
    params.limit !== undefined && !params.before
      ? await cachedJson(
          { kind: "session", id: params.chatSessionId },
          user.id,
          `newest:${params.limit}`,
          () => chatMessagesBody(db, params),
        )
      : await chatMessagesBody(db, params).then((b) => b && JSON.stringify(b));
  if (body === null) throw notFound("Chat session");
  return jsonText(bodies.messageListBody, body);
});

// POST /api/chat-messages: add a message to a session you own (idempotent with a client id)
export const POST = withUser(async ({ db, user, body }) => {
  const input = createChatMessageBody().parse(body);
  const result = await insertChatMessage(db, { ...input, userId: user.id });
  if (!result) throw notFound("Chat session");
  if (result.created) await announceMessage(user.id, result);
  return json(bodies.messageBody, { message: result.message }, result.created ? 201 : 200);
});
