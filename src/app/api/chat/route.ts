import { answerMessage } from "@/server/ai/chat";
import { withUser } from "@/server/http/handler";
import { chatRequestBody } from "@/server/http/schemas/chat";

// POST /api/chat: save a user message and stream the model's reply (saved server-side)
export const POST = withUser(async ({ db, user, body }) => {
  return answerMessage(db, user, chatRequestBody().parse(body));
});
