import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/server/http/cursor";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { parseQuery } from "@/server/http/query";
import {
  createChatSessionBody,
  DEFAULT_PAGE_SIZE,
  listChatSessionsQuery,
} from "@/server/http/schemas/chat";
import { ID_PATTERN } from "@/server/http/schemas/common";
import {
  insertChatSession,
  listChatSessions,
  messagesBySession,
} from "@/server/queries/chat-sessions";

// Dates within what PostgreSQL's timestamptz holds; ids of the form the app hands out.
const sessionCursor = z.object({
  updatedAt: z.iso
    .datetime()
    .transform((iso) => new Date(iso))
    .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999),
  id: z.string().regex(ID_PATTERN),
});

// GET /api/chat-sessions?projectId=: a project's sessions, most recently updated first
export const GET = withUser(async ({ db, user, url }) => {
  const query = parseQuery(url, listChatSessionsQuery);
  const paginated = query.limit !== undefined || query.cursor !== undefined;
  const result = await listChatSessions(db, {
    projectId: query.projectId,
    userId: user.id,
    limit: paginated ? (query.limit ?? DEFAULT_PAGE_SIZE) : undefined,
    after: query.cursor ? decodeCursor(query.cursor, sessionCursor, "cursor") : undefined,
  });
  if (!result) throw notFound("Project");

  let chatSessions: object[];
  if (query.includeMessages) {
    const messages = await messagesBySession(
      db,
      result.sessions.map((s) => s.id),
    );
    chatSessions = result.sessions.map(({ messageCount: _, ...s }) => ({
      ...s,
      messages: messages.get(s.id) ?? [],
    }));
  } else {
    chatSessions = result.sessions;
  }
  if (!paginated) return json({ chatSessions });
  return json({ chatSessions, nextCursor: result.next ? encodeCursor(result.next) : null });
});

// POST /api/chat-sessions: start a session in one of your projects
export const POST = withUser(async ({ db, user, body }) => {
  const input = createChatSessionBody.parse(body);
  const chatSession = await insertChatSession(db, { ...input, userId: user.id });
  if (!chatSession) throw notFound("Project");
  return json({ chatSession: { ...chatSession, messages: [] } }, 201);
});
