import * as bodies from "@/lib/contract/bodies";
import { chatRateLimiter } from "@/server/ai/chat-rate-limit";
import { chatModelOrUnavailable } from "@/server/ai/provider";
import { ConflictError, RateLimitedError } from "@/server/errors";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { summarizeSessionBody } from "@/server/http/schemas/chat";
import { requireSessionAccess } from "@/server/http/session-access";
import { readSessionListItem } from "@/server/queries/summaries";
import { withTagsOne } from "@/server/queries/tags";
import { requestSummary } from "@/server/summaries/summarize-session";

type Params = { id: string };

// POST /api/chat-sessions/[id]/summary: summarize the active branch again, now, in your
// session or one shared with you as a collaborator; the summary is made in the background
// (202) and arrives as a `session` event
export const POST = withUser<Params>(async ({ db, user, params, body }) => {
  const chatSessionId = lookupId(params.id, "Chat session");
  summarizeSessionBody.parse(body);
  const access = await requireSessionAccess(
    db,
    { sessionId: chatSessionId, userId: user.id },
    "ask",
  );
  const key = { chatSessionId, userId: access.ownerId };
  const before = await readSessionListItem(db, key);
  if (!before) throw notFound("Chat session");
  if (before.messageCount === 0)
    throw new ConflictError("The session has no messages to summarize");
  chatModelOrUnavailable();
  const allowed = await chatRateLimiter().take(user.id);
  if (!allowed.ok)
    throw new RateLimitedError(
      "Too many requests; wait a moment and try again",
      allowed.retryAfterSeconds,
    );
  await requestSummary(db, key);
  const now = await readSessionListItem(db, key);
  if (!now) throw notFound("Chat session");
  const { messageCount: _count, ...session } = now;
  const chatSession =
    access.role === "owner" ? await withTagsOne(db, session) : { ...session, tags: [] };
  return json(bodies.chatSessionBody, { chatSession }, 202);
});
