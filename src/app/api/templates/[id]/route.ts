import * as bodies from "@/lib/contract/bodies";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { updateTemplateBody } from "@/server/http/schemas/templates";
import { announce } from "@/server/live/events";
import { deleteTemplate, getTemplate, updateTemplate } from "@/server/queries/templates";

type Params = { id: string };

// GET /api/templates/[id]: a built-in template or one of yours
export const GET = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Template");
  const template = await getTemplate(db, { id, userId: user.id });
  if (!template) throw notFound("Template");
  return json(bodies.templateBody, { template });
});

// PATCH /api/templates/[id]: change one of your templates (a built-in one is 409)
export const PATCH = withUser<Params>(async ({ db, user, params, body }) => {
  const id = lookupId(params.id, "Template");
  const changes = updateTemplateBody.parse(body);
  const template = await updateTemplate(db, { id, userId: user.id, changes });
  if (!template) throw notFound("Template");
  await announce(user.id, { type: "templates" });
  return json(bodies.templateBody, { template });
});

// DELETE /api/templates/[id]: delete one of your templates; its sessions keep their instructions
export const DELETE = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Template");
  if (!(await deleteTemplate(db, { id, userId: user.id }))) throw notFound("Template");
  await announce(user.id, { type: "templates" });
  return json(bodies.successBody, { success: true });
});
