import { json, withUser } from "@/server/http/handler";
import { createProjectBody } from "@/server/http/schemas/projects";
import { insertProject, listProjectsForUser } from "@/server/queries/projects";

// GET /api/projects: the signed-in user's projects, most recently updated first
export const GET = withUser(async ({ db, user }) => {
  const projects = await listProjectsForUser(db, { userId: user.id });
  return json({ projects });
});

// POST /api/projects: create a project
export const POST = withUser(async ({ db, user, body }) => {
  const input = createProjectBody.parse(body);
  const project = await insertProject(db, { ...input, userId: user.id });
  return json({ project }, 201);
});
