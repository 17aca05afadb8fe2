import * as bodies from "@/lib/contract/bodies";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { requireSessionAccess } from "@/server/http/session-access";
import { deleteShareLink } from "@/server/queries/share-links";

type Params = { id: string; linkId: string };

// DELETE /api/chat-sessions/[id]/links/[linkId]: revoke a link; its page 404s from now on
export const DELETE = withUser<Params>(async ({ db, user, params }) => {
  const chatSessionId = lookupId(params.id, "Chat session");
  const id = lookupId(params.linkId, "Share link");
  await requireSessionAccess(db, { sessionId: chatSessionId, userId: user.id }, "manage");
  if (!(await deleteShareLink(db, { id, chatSessionId, userId: user.id })))
    throw notFound("Share link");
  return json(bodies.successBody, { success: true });
});
