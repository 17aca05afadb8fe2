import * as bodies from "@/lib/contract/bodies";
import { requestStop } from "@/server/ai/stop";
import { json, withUser } from "@/server/http/handler";
import { stopReplyBody } from "@/server/http/schemas/chat";

// POST /api/chat/stop: stop generating one of your replies; the text so far is kept as partial
export const POST = withUser(async ({ user, body }) => {
  const { messageId } = stopReplyBody.parse(body);
  return json(bodies.stopReplyResultBody, { stopped: await requestStop(messageId, user.id) });
});
