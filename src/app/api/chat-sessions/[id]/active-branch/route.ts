import * as bodies from "@/lib/contract/bodies";
import { encodeCursor } from "@/server/http/cursor-codec";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { switchBranchBody } from "@/server/http/schemas/chat";
import { requireSessionAccess } from "@/server/http/session-access";
import { announce } from "@/server/live/events";
import { switchActiveBranchForUser } from "@/server/queries/chat-branches";
import { refreshSummary } from "@/server/summaries/summarize-session";

type Params = { id: string };

// POST /api/chat-sessions/[id]/active-branch: show another version: the branch through
// `messageId` becomes the active one; answers its newest page
export const POST = withUser<Params>(async ({ db, user, params, body }) => {
  const chatSessionId = lookupId(params.id, "Chat session");
  const { messageId, limit } = switchBranchBody.parse(body);
  // The active branch is the session's, every member's: only the owner moves it.
  await requireSessionAccess(db, { sessionId: chatSessionId, userId: user.id }, "manage");
  const result = await switchActiveBranchForUser(db, {
    chatSessionId,
    userId: user.id,
    messageId,
    limit,
  });
  if (!result) throw notFound("Chat session");
  const { activeLeafId, messageCount, messages } = result;
  if (result.changed) {
    await announce(user.id, {
      type: "branch",
      projectId: result.projectId,
      chatSessionId,
      activeLeafId,
      messageCount,
    });
    refreshSummary(db, { userId: user.id, chatSessionId, trigger: "branch" });
  }
  const oldest = messages[0];
  return json(bodies.activeBranchBody, {
    activeLeafId,
    messageCount,
    messages,
    prevCursor: oldest?.parentId ? encodeCursor({ before: oldest.id }) : null,
  });
});
