import * as bodies from "@/lib/contract/bodies";
import { RateLimitedError } from "@/server/errors";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { createShareLinkBody } from "@/server/http/schemas/share-links";
import { requireSessionAccess } from "@/server/http/session-access";
import { insertShareLink, listShareLinks } from "@/server/queries/share-links";
import { shareLinkRateLimiter } from "@/server/share-links/rate-limit";
import { newShareToken } from "@/server/share-links/token";
import { shareLinkUrl } from "@/server/share-links/url";

type Params = { id: string };

// POST /api/chat-sessions/[id]/links: a read-only link to a session you own (a member: 403)
export const POST = withUser<Params>(async ({ req, db, user, params, body }) => {
  const chatSessionId = lookupId(params.id, "Chat session");
  const { mode } = createShareLinkBody.parse(body);
  await requireSessionAccess(db, { sessionId: chatSessionId, userId: user.id }, "manage");
  const allowed = await shareLinkRateLimiter().take(user.id);
  if (!allowed.ok)
    throw new RateLimitedError(
      "Too many links made; wait a while and try again",
      allowed.retryAfterSeconds,
    );
  const link = await insertShareLink(db, {
    chatSessionId,
    userId: user.id,
    mode,
    token: newShareToken(),
  });
  if (!link) throw notFound("Chat session");
  return json(bodies.shareLinkBody, { link: { ...link, url: shareLinkUrl(req, link.token) } }, 201);
});

// GET /api/chat-sessions/[id]/links: the links to a session you own, newest first
export const GET = withUser<Params>(async ({ req, db, user, params }) => {
  const chatSessionId = lookupId(params.id, "Chat session");
  await requireSessionAccess(db, { sessionId: chatSessionId, userId: user.id }, "manage");
  const links = await listShareLinks(db, { chatSessionId, userId: user.id });
  if (!links) throw notFound("Chat session");
  return json(bodies.shareLinkListBody, {
    links: links.map((link) => ({ ...link, url: shareLinkUrl(req, link.token) })),
  });
});
