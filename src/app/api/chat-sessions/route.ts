import * as bodies from "@/lib/contract/bodies";
import { cachedJson } from "@/server/cache/response-cache";
import { chatSessionsBody } from "@/server/http/chat-session-bodies";
import { decodeCursor } from "@/server/http/cursor-codec";
import { sessionListCursor } from "@/server/http/cursor-schemas";
import { notFound } from "@/server/http/errors";
import { json, jsonText, withUser } from "@/server/http/handler";
import { parseQuery } from "@/server/http/query";
import { createChatSessionBody, listChatSessionsQuery } from "@/server/http/schemas/chat";
import { DEFAULT_PAGE_SIZE } from "@/server/http/schemas/common";
import { announce } from "@/server/live/events";
import { insertChatSession } from "@/server/queries/chat-sessions";
import { withTagsOne } from "@/server/queries/tags";
import { getTemplate } from "@/server/queries/templates";

// GET /api/chat-sessions?projectId=: a project's sessions, pinned first, then most recently
// updated; archived ones with archived=true; only those with every `tag`
export const GET = withUser(async ({ db, user, url }) => {
  const query = parseQuery(url, listChatSessionsQuery);
  const paginated = query.limit !== undefined || query.cursor !== undefined;
  const limit = paginated ? (query.limit ?? DEFAULT_PAGE_SIZE) : undefined;
  const after = query.cursor ? decodeCursor(query.cursor, sessionListCursor, "cursor") : undefined;
  const filter = { archived: query.archived, tagIds: query.tag };
  const variant = [
    "sessions",
    query.includeMessages,
    limit ?? "all",
    query.cursor ?? "",
    query.archived,
    query.tag.join(","),
  ].join(":");
  const body = await cachedJson({ kind: "project", id: query.projectId }, user.id, variant, () =>
    chatSessionsBody(db, {
      projectId: query.projectId,
      userId: user.id,
      includeMessages: query.includeMessages,
      filter,
      limit,
      after,
    }),
  );
  if (body === null) throw notFound("Project");
  return jsonText(bodies.chatSessionListBody, body);
});

// POST /api/chat-sessions: start a session in one of your projects, blank or from a template
export const POST = withUser(async ({ db, user, body }) => {
  const { templateId, ...input } = createChatSessionBody.parse(body);
  const template =
    templateId === undefined
      ? undefined
      : await getTemplate(db, { id: templateId, userId: user.id });
  if (template === null) throw notFound("Template");
  const created = await insertChatSession(db, {
    ...input,
    userId: user.id,
    template: template && {
      id: template.id,
      instructions: template.instructions,
      tagIds: template.tags.map((tag) => tag.id),
    },
  });
  if (!created) throw notFound("Project");
  const chatSession = await withTagsOne(db, created);
  await announce(user.id, {
    type: "session",
    projectId: input.projectId,
    chatSession: { ...chatSession, messageCount: 0 },
  });
  return json(
    bodies.chatSessionWithMessagesBody,
    { chatSession: { ...chatSession, messages: [] } },
    201,
  );
});
