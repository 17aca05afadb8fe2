import * as bodies from "@/lib/contract/bodies";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { updateProjectBody } from "@/server/http/schemas/projects";
import { announce, publishTo } from "@/server/live/events";
import {
  deleteProjectForUser,
  getProjectForUser,
  updateProjectForUser,
} from "@/server/queries/projects";
import { membersOfProject } from "@/server/queries/shares";

type Params = { id: string };

// GET /api/projects/[id]: one of your projects
export const GET = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Project");
  const project = await getProjectForUser(db, { id, userId: user.id });
  if (!project) throw notFound("Project");
  return json(bodies.projectBody, { project });
});

// PATCH /api/projects/[id]: change name, description, type, status or files
export const PATCH = withUser<Params>(async ({ db, user, params, body }) => {
  const id = lookupId(params.id, "Project");
  const changes = updateProjectBody.parse(body);
  const project = await updateProjectForUser(db, { id, userId: user.id, changes });
  if (!project) throw notFound("Project");
  return json(bodies.projectBody, { project });
});

// DELETE /api/projects/[id]: delete a project with its sessions and messages
export const DELETE = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Project");
  // Read before the delete takes the shares with it (an empty map for a project not the
  // user's, which the delete then refuses): the members are told too.
  const members = await membersOfProject(db, { projectId: id, userId: user.id });
  const sessionIds = await deleteProjectForUser(db, { id, userId: user.id });
  if (!sessionIds) throw notFound("Project");
  const stale = [
    { kind: "project" as const, id },
    ...sessionIds.map((s) => ({ kind: "session" as const, id: s })),
  ];
  await announce(user.id, { type: "project-deleted", projectId: id }, stale);
  for (const [chatSessionId, userIds] of members)
    await publishTo(userIds, { type: "session-deleted", projectId: id, chatSessionId });
  return json(bodies.successBody, { success: true });
});
