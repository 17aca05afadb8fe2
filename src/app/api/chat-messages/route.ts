import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/server/http/cursor";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { parseQuery } from "@/server/http/query";
import {
  createChatMessageBody,
  DEFAULT_PAGE_SIZE,
  listChatMessagesQuery,
} from "@/server/http/schemas/chat";
import { insertChatMessage, listChatMessages } from "@/server/queries/chat-messages";

const messageCursor = z.object({ seq: z.number().int().min(1).max(2_147_483_647) });

// GET /api/chat-messages?chatSessionId=: a session's messages in creation order
export const GET = withUser(async ({ db, user, url }) => {
  const query = parseQuery(url, listChatMessagesQuery);
  const paginated = query.limit !== undefined || query.before !== undefined;
  const result = await listChatMessages(db, {
    chatSessionId: query.chatSessionId,
    userId: user.id,
    limit: paginated ? (query.limit ?? DEFAULT_PAGE_SIZE) : undefined,
    before: query.before ? decodeCursor(query.before, messageCursor, "before") : undefined,
  });
  if (!result) throw notFound("Chat session");
  if (!paginated) return json({ messages: result.messages });
  return json({
    messages: result.messages,
    prevCursor: result.prev ? encodeCursor(result.prev) : null,
  });
});

// POST /api/chat-messages: add a message to a session you own (idempotent with a client id)
export const POST = withUser(async ({ db, user, body }) => {
  const input = createChatMessageBody().parse(body);
  const result = await insertChatMessage(db, { ...input, userId: user.id });
  if (!result) throw notFound("Chat session");
  return json({ message: result.message }, result.created ? 201 : 200);
});
