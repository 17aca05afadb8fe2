import * as bodies from "@/lib/contract/bodies";
import { RateLimitedError } from "@/server/errors";
import { ApiError } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { createShareBody } from "@/server/http/schemas/sharing";
import { requireSessionAccess } from "@/server/http/session-access";
import { publishTo } from "@/server/live/events";
import { findUserIdByEmail, listShares, upsertShare } from "@/server/queries/shares";
import { shareInviteRateLimiter } from "@/server/rate-limit/share-invites";

type Params = { id: string };

// GET /api/chat-sessions/[id]/shares: the people one of your sessions is shared with
export const GET = withUser<Params>(async ({ db, user, params }) => {
  const chatSessionId = lookupId(params.id, "Chat session");
  await requireSessionAccess(db, { sessionId: chatSessionId, userId: user.id }, "manage");
  return json(bodies.shareListBody, { shares: await listShares(db, { chatSessionId }) });
});

// POST /api/chat-sessions/[id]/shares: share one of your sessions with a Craft user, by email,
// as viewer or collaborator (again: changes their role)
export const POST = withUser<Params>(async ({ db, user, params, body }) => {
  const chatSessionId = lookupId(params.id, "Chat session");
  const { email, role } = createShareBody.parse(body);
  await requireSessionAccess(db, { sessionId: chatSessionId, userId: user.id }, "manage");
  // Counted before the lookup, unknown emails included: probing for accounts stays slow.
  const allowed = await shareInviteRateLimiter().take(user.id);
  if (!allowed.ok)
    throw new RateLimitedError("Too many invitations; try again later", allowed.retryAfterSeconds);
  const invitee = await findUserIdByEmail(db, { email });
  if (!invitee) throw new ApiError("not_found", "No Craft user has that email");
  if (invitee === user.id)
    throw new ApiError("bad_request", "You cannot share a session with yourself");
  const { share, created } = await upsertShare(db, {
    chatSessionId,
    userId: invitee,
    role,
    createdBy: user.id,
  });
  await publishTo([invitee], { type: "access", chatSessionId, role });
  await publishTo([user.id], { type: "shares", chatSessionId });
  return json(bodies.shareBody, { share }, created ? 201 : 200);
});
