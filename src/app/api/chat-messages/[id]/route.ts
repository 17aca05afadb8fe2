import * as bodies from "@/lib/contract/bodies";
import { requestStop } from "@/server/ai/stop";
import type { Database } from "@/server/db";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { updateChatMessageBody } from "@/server/http/schemas/chat";
import { forbiddenForRole } from "@/server/http/session-access";
import { announce } from "@/server/live/events";
import { deleteChatMessageForUser, updateChatMessageForUser } from "@/server/queries/chat-branches";
import { withoutSiblings } from "@/server/queries/chat-messages";
import { messageSharedWithUser } from "@/server/queries/session-access";
import { refreshSummary } from "@/server/summaries/summarize-session";

type Params = { id: string };

/**
 * Not a message of the user's: a member of the session it is in may see it but not change it
 * (403); anyone else is told it does not exist.
 */
async function refusal(db: Database, key: { id: string; userId: string }) {
  return (await messageSharedWithUser(db, key)) ? forbiddenForRole() : notFound("Message");
}

// PATCH /api/chat-messages/[id]: fix the text of one of your replies (a question gets a new
// version through POST /api/chat with editOf instead: 409 here)
export const PATCH = withUser<Params>(async ({ db, user, params, body }) => {
  const id = lookupId(params.id, "Message");
  const { content } = updateChatMessageBody().parse(body);
  const result = await updateChatMessageForUser(db, { id, userId: user.id, content });
  if (!result) throw await refusal(db, { id, userId: user.id });
  await announce(user.id, {
    type: "message",
    projectId: result.projectId,
    message: withoutSiblings(result.message),
  });
  return json(bodies.messageBody, { message: result.message });
});

// DELETE /api/chat-messages/[id]: delete one of your messages and everything after it, in
// every version; a reply being written there is stopped
export const DELETE = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Message");
  const result = await deleteChatMessageForUser(db, { id, userId: user.id });
  if (!result) throw await refusal(db, { id, userId: user.id });
  // Their rows are gone: the writers' last saves find nothing and change nothing.
  await Promise.all(result.streamingIds.map((replyId) => requestStop(replyId, user.id)));
  const { projectId, chatSessionId, activeLeafId, session } = result;
  await announce(user.id, {
    type: "message-deleted",
    projectId,
    chatSessionId,
    messageId: id,
    deletedCount: result.deletedCount,
    activeLeafId,
  });
  if (session) {
    await announce(user.id, {
      type: "branch",
      projectId,
      chatSessionId,
      activeLeafId,
      messageCount: session.messageCount,
    });
    await announce(user.id, { type: "session", projectId, chatSession: session });
    refreshSummary(db, { userId: user.id, chatSessionId, trigger: "branch" });
  }
  return json(bodies.messageDeletedBody, {
    deletedCount: result.deletedCount,
    activeLeafId,
    messageCount: result.messageCount,
  });
});
