import * as bodies from "@/lib/contract/bodies";
import { requestStop } from "@/server/ai/stop";
import { json, withUser } from "@/server/http/handler";
import { stopReplyBody } from "@/server/http/schemas/chat";
import { requireSessionAccess } from "@/server/http/session-access";

// POST /api/chat/stop: stop generating a reply in your session, or in one shared with you as a
// collaborator (name its `chatSessionId`); the text so far is kept as partial
export const POST = withUser(async ({ db, user, body }) => {
  const { messageId, chatSessionId } = stopReplyBody.parse(body);
  // Replies live in their owner's namespace: a member stops one under the owner's id, and
  // only in the session named.
  const ownerId =
    chatSessionId === undefined
      ? user.id
      : (await requireSessionAccess(db, { sessionId: chatSessionId, userId: user.id }, "ask"))
          .ownerId;
  const stopped = await requestStop(messageId, ownerId, chatSessionId);
  return json(bodies.stopReplyResultBody, { stopped });
});
