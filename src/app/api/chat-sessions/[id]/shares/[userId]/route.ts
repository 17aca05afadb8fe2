import * as bodies from "@/lib/contract/bodies";
import { NotFoundError } from "@/server/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { updateShareBody } from "@/server/http/schemas/sharing";
import { requireSessionAccess } from "@/server/http/session-access";
import { publishTo } from "@/server/live/events";
import { deleteShare, updateShareRole } from "@/server/queries/shares";

type Params = { id: string; userId: string };

// PATCH /api/chat-sessions/[id]/shares/[userId]: change what someone may do in your session
export const PATCH = withUser<Params>(async ({ db, user, params, body }) => {
  const chatSessionId = lookupId(params.id, "Chat session");
  const memberId = lookupId(params.userId, "Share");
  const { role } = updateShareBody.parse(body);
  await requireSessionAccess(db, { sessionId: chatSessionId, userId: user.id }, "manage");
  const share = await updateShareRole(db, { chatSessionId, userId: memberId, role });
  if (!share) throw new NotFoundError("Share");
  await publishTo([memberId], { type: "access", chatSessionId, role });
  await publishTo([user.id], { type: "shares", chatSessionId });
  return json(bodies.shareBody, { share });
});

// DELETE /api/chat-sessions/[id]/shares/[userId]: remove someone from your session, or leave a
// session shared with you (your own user id); effective at their next request
export const DELETE = withUser<Params>(async ({ db, user, params }) => {
  const chatSessionId = lookupId(params.id, "Chat session");
  const memberId = lookupId(params.userId, "Share");
  const access = await requireSessionAccess(
    db,
    { sessionId: chatSessionId, userId: user.id },
    memberId === user.id ? "read" : "manage",
  );
  if (!(await deleteShare(db, { chatSessionId, userId: memberId })))
    throw new NotFoundError("Share");
  await publishTo([memberId], { type: "access-revoked", chatSessionId });
  await publishTo([access.ownerId], { type: "shares", chatSessionId });
  return json(bodies.successBody, { success: true });
});
