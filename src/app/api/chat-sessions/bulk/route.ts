import * as bodies from "@/lib/contract/bodies";
import { json, withUser } from "@/server/http/handler";
import { bulkChatSessionsBody } from "@/server/http/schemas/chat";
import { announceAll, publishTo } from "@/server/live/events";
import {
  type BulkSessionChange,
  deleteChatSessionsForUser,
  updateChatSessionsForUser,
} from "@/server/queries/chat-sessions";
import { membersOfSessions } from "@/server/queries/shares";
import { withTags } from "@/server/queries/tags";

// POST /api/chat-sessions/bulk: tag, untag, pin, unpin, archive, unarchive or delete several
// of your sessions, all or none
export const POST = withUser(async ({ db, user, body }) => {
  const { ids, action, tagIds = [] } = bulkChatSessionsBody.parse(body);
  if (action === "delete") {
    // Read before the delete takes the shares with it: the members are told too.
    const members = await membersOfSessions(db, { chatSessionIds: ids });
    const deleted = await deleteChatSessionsForUser(db, { ids, userId: user.id });
    const events = deleted.map(({ id, projectId }) => ({
      type: "session-deleted" as const,
      projectId,
      chatSessionId: id,
    }));
    await announceAll(user.id, events);
    for (const event of events) await publishTo(members.get(event.chatSessionId) ?? [], event);
    return json(bodies.bulkSessionsResultBody, {
      chatSessions: [],
      deletedIds: deleted.map((d) => d.id),
    });
  }
  const change: Record<typeof action, BulkSessionChange> = {
    tag: { addTagIds: tagIds },
    untag: { removeTagIds: tagIds },
    pin: { pinned: true },
    unpin: { pinned: false },
    archive: { archived: true },
    unarchive: { archived: false },
  };
  const updated = await updateChatSessionsForUser(db, {
    ids,
    userId: user.id,
    change: change[action],
  });
  const chatSessions = await withTags(db, updated);
  await announceAll(
    user.id,
    chatSessions.map((chatSession) => ({
      type: "session" as const,
      projectId: chatSession.projectId,
      chatSession,
    })),
  );
  return json(bodies.bulkSessionsResultBody, { chatSessions, deletedIds: [] });
});
