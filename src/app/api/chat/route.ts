import { answerMessage } from "@/server/ai/answer-message";
import { withUser } from "@/server/http/handler";
import { chatRequestBody } from "@/server/http/schemas/chat";

// POST /api/chat: save a user message and stream the model's reply (saved server-side).
// The path: answerMessage (server/ai/answer-message.ts) saves the turn (queries/chat-replies.ts),
// streams the model (ai/provider.ts) and writes the reply as it comes (ai/reply-writer.ts).
export const POST = withUser(async ({ db, user, body }) => {
  return answerMessage(db, user, chatRequestBody().parse(body));
});
