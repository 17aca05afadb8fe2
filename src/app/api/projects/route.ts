import * as bodies from "@/lib/contract/bodies";
import { decodeCursor, encodeCursor } from "@/server/http/cursor-codec";
import { recencyCursor } from "@/server/http/cursor-schemas";
import { json, withUser } from "@/server/http/handler";
import { parseQuery } from "@/server/http/query";
import { DEFAULT_PAGE_SIZE } from "@/server/http/schemas/common";
import { createProjectBody, listProjectsQuery } from "@/server/http/schemas/projects";
import { insertProject, listProjectsForUser } from "@/server/queries/projects";

// GET /api/projects: the signed-in user's projects, most recently updated first
export const GET = withUser(async ({ db, user, url }) => {
  const query = parseQuery(url, listProjectsQuery);
  const paginated = query.limit !== undefined || query.cursor !== undefined;
  const { projects, next } = await listProjectsForUser(db, {
    userId: user.id,
    limit: paginated ? (query.limit ?? DEFAULT_PAGE_SIZE) : undefined,
    after: query.cursor ? decodeCursor(query.cursor, recencyCursor, "cursor") : undefined,
  });
  if (!paginated) return json(bodies.projectListBody, { projects });
  return json(bodies.projectListBody, { projects, nextCursor: next ? encodeCursor(next) : null });
});

// POST /api/projects: create a project
export const POST = withUser(async ({ db, user, body }) => {
  const input = createProjectBody.parse(body);
  const project = await insertProject(db, { ...input, userId: user.id });
  return json(bodies.projectBody, { project }, 201);
});
