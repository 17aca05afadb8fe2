import * as bodies from "@/lib/contract/bodies";
import { MAX_TEMPLATE_NAME } from "@/lib/contract/limits";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { createTemplateBody } from "@/server/http/schemas/templates";
import { announce } from "@/server/live/events";
import {
  getTemplate,
  insertTemplate,
  listTemplates,
  templateFromSession,
} from "@/server/queries/templates";

// GET /api/templates: the built-in templates, then yours by name
export const GET = withUser(async ({ db, user }) => {
  return json(bodies.templateListBody, { templates: await listTemplates(db, { userId: user.id }) });
});

// POST /api/templates: create a template, from its fields, from a session of yours, or a copy
export const POST = withUser(async ({ db, user, body }) => {
  const { fromSessionId, copyOf, ...fields } = createTemplateBody.parse(body);
  const userId = user.id;
  let base: { name: string } | undefined;
  if (fromSessionId !== undefined) {
    const saved = await templateFromSession(db, { sessionId: fromSessionId, userId });
    if (!saved) throw notFound("Chat session");
    base = saved;
  } else if (copyOf !== undefined) {
    const original = await getTemplate(db, { id: copyOf, userId });
    if (!original) throw notFound("Template");
    const { name, description, instructions, firstMessage, tags } = original;
    base = {
      name: [...`${name} (copy)`].slice(0, MAX_TEMPLATE_NAME).join(""),
      ...{ description, instructions, firstMessage, tagIds: tags.map((tag) => tag.id) },
    };
  }
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const name = fields.name ?? base?.name;
  if (name === undefined) throw new Error("the schema lets no nameless template through");
  const template = await insertTemplate(db, { userId, fields: { ...base, ...given, name } });
  await announce(userId, { type: "templates" });
  return json(bodies.templateBody, { template }, 201);
});
