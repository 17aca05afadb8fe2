import * as bodies from "@/lib/contract/bodies";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { updateChatSessionBody } from "@/server/http/schemas/chat";
import { requireSessionAccess } from "@/server/http/session-access";
import { announce, publishTo } from "@/server/live/events";
import { listChatMessages } from "@/server/queries/chat-messages";
import {
  deleteChatSessionForUser,
  getChatSessionForUser,
  updateChatSessionForUser,
} from "@/server/queries/chat-sessions";
import { membersOfSessions, userName } from "@/server/queries/shares";
import { withTagsOne } from "@/server/queries/tags";

type Params = { id: string };

// GET /api/chat-sessions/[id]: one of your sessions, or one shared with you, with its
// messages in order and your role in it
export const GET = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Chat session");
  const access = await requireSessionAccess(db, { sessionId: id, userId: user.id }, "read");
  const { ownerId, role } = access;
  const chatSession = await getChatSessionForUser(db, { id, userId: ownerId });
  const list = chatSession && (await listChatMessages(db, { chatSessionId: id, userId: ownerId }));
  if (!chatSession || !list) throw notFound("Chat session");
  // A member sees the session, not the owner's way of filing it: no tags.
  const tagged =
    role === "owner" ? await withTagsOne(db, chatSession) : { ...chatSession, tags: [] };
  return json(bodies.chatSessionReadBody, {
    chatSession: { ...tagged, messages: list.messages },
    role,
    ownerName: role === "owner" ? null : await userName(db, { userId: ownerId }),
  });
});

// PATCH /api/chat-sessions/[id]: rename, tag, pin, archive, or change the instructions
export const PATCH = withUser<Params>(async ({ db, user, params, body }) => {
  const id = lookupId(params.id, "Chat session");
  const changes = updateChatSessionBody.parse(body);
  await requireSessionAccess(db, { sessionId: id, userId: user.id }, "manage");
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

// DELETE /api/chat-sessions/[id]: delete a session and its messages (and its shares)
export const DELETE = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Chat session");
  await requireSessionAccess(db, { sessionId: id, userId: user.id }, "manage");
  // Read before the delete takes the shares with it: the members are told too.
  const members = (await membersOfSessions(db, { chatSessionIds: [id] })).get(id) ?? [];
  const projectId = await deleteChatSessionForUser(db, { id, userId: user.id });
  if (!projectId) throw notFound("Chat session");
  const event = { type: "session-deleted" as const, projectId, chatSessionId: id };
  await announce(user.id, event);
  await publishTo(members, event);
  return json(bodies.successBody, { success: true });
});
