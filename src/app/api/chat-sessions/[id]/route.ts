import * as bodies from "@/lib/contract/bodies";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { updateChatSessionBody } from "@/server/http/schemas/chat";
import { announce } from "@/server/live/events";
import { listChatMessages } from "@/server/queries/chat-messages";
import {
  deleteChatSessionForUser,
  getChatSessionForUser,
  updateChatSessionForUser,
} from "@/server/queries/chat-sessions";
import { withTagsOne } from "@/server/queries/tags";

type Params = { id: string };

// GET /api/chat-sessions/[id]: one of your sessions with its messages in order
export const GET = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Chat session");
  const chatSession = await getChatSessionForUser(db, { id, userId: user.id });
  const list = chatSession && (await listChatMessages(db, { chatSessionId: id, userId: user.id }));
  if (!chatSession || !list) throw notFound("Chat session");
  return json(bodies.chatSessionWithMessagesBody, {
    chatSession: { ...(await withTagsOne(db, chatSession)), messages: list.messages },
  });
});

// PATCH /api/chat-sessions/[id]: rename, tag, pin, archive, or change the instructions
export const PATCH = withUser<Params>(async ({ db, user, params, body }) => {
  const id = lookupId(params.id, "Chat session");
  const changes = updateChatSessionBody.parse(body);
  const updated = await updateChatSessionForUser(db, {
    id,
    userId: user.id,
    changes: { ...changes, tagIds: changes.tags },
  });
  if (!updated) throw notFound("Chat session");
  const chatSession = await withTagsOne(db, updated);
  await announce(user.id, { type: "session", projectId: chatSession.projectId, chatSession });
  return json(bodies.chatSessionBody, { chatSession });
});

// DELETE /api/chat-sessions/[id]: delete a session and its messages
export const DELETE = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Chat session");
  const projectId = await deleteChatSessionForUser(db, { id, userId: user.id });
  if (!projectId) throw notFound("Chat session");
  await announce(user.id, { type: "session-deleted", projectId, chatSessionId: id });
  return json(bodies.successBody, { success: true });
});
