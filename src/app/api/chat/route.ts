import { answerMessage } from "@/server/ai/answer-message";
import { withUser } from "@/server/http/handler";
import { chatRequestBody } from "@/server/http/schemas/chat";
import { forbiddenForRole, requireSessionAccess } from "@/server/http/session-access";

// POST /api/chat: save a user message and stream the model's reply (saved server-side), in
// your session or one shared with you as a collaborator (who only adds to the end: no edit,
// no regenerate, no `parentId`).
// The path: answerMessage (server/ai/answer-message.ts) saves the turn (queries/chat-replies.ts),
// streams the model (ai/provider.ts) and writes the reply as it comes (ai/reply-writer.ts).
export const POST = withUser(async ({ db, user, body }) => {
  const input = chatRequestBody().parse(body);
  const { ownerId, role } = await requireSessionAccess(
    db,
    { sessionId: input.chatSessionId, userId: user.id },
    "ask",
  );
  const appends =
    input.editOf === undefined &&
    input.parentId === undefined &&
    input.trigger !== "regenerate-message";
  if (role !== "owner" && !appends) throw forbiddenForRole();
  return answerMessage(
    db,
    { id: user.id, ownerId, authorId: role === "owner" ? null : user.id },
    input,
  );
});
