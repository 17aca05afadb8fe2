import type { ZodOpenApiPathsObject } from "zod-openapi";
import { successBody, templateBody, templateListBody } from "@/lib/contract/bodies";
import { createTemplateBody, updateTemplateBody } from "../schemas/templates";
import { jsonResponse, userOperation } from "./operation";

const tag = "templates";

const BUILT_IN_NOTE =
  "Built-in templates (`builtIn: true`) are read-only: changing or deleting one is 409 " +
  "(`conflict`); copy it with `POST /api/templates` `{ copyOf }` instead.";

export const templatePaths = (): ZodOpenApiPathsObject => ({
  "/api/templates": {
    get: userOperation("get", {
      operationId: "listTemplates",
      tag,
      summary: "The templates you can start a session from: built-in ones, then yours",
      ok: {
        200: jsonResponse(templateListBody, "Built-ins in their shipped order, then yours by name"),
      },
    }),
    post: userOperation("post", {
      operationId: "createTemplate",
      tag,
      summary: "Create a template: from its fields, from one of your sessions, or as a copy",
      description:
        "With `fromSessionId`, the session's name, instructions and tags, and the first user " +
        "message of its active branch; with `copyOf`, the template's fields and its name with " +
        '" (copy)". Fields sent beside either replace what it gives. 404 for a session, ' +
        "template or tag that is not yours; 409 past 100 templates.",
      body: createTemplateBody,
      ok: { 201: jsonResponse(templateBody, "Created") },
      errors: ["NotFound", "Conflict"],
    }),
  },
  "/api/templates/{id}": {
    get: userOperation("get", {
      operationId: "getTemplate",
      tag,
      summary: "A built-in template or one of yours",
      pathId: "Template id",
      ok: { 200: jsonResponse(templateBody, "The template") },
    }),
    patch: userOperation("patch", {
      operationId: "updateTemplate",
      tag,
      summary: "Change one of your templates",
      description: `${BUILT_IN_NOTE} 404 for a tag that is not yours. Nothing changes on an error.`,
      pathId: "Template id",
      body: updateTemplateBody,
      ok: { 200: jsonResponse(templateBody, "The template as it is now") },
      errors: ["Conflict"],
    }),
    delete: userOperation("delete", {
      operationId: "deleteTemplate",
      tag,
      summary: "Delete one of your templates",
      description: `Sessions made from it keep their instructions and tags; their \`templateId\` becomes null. ${BUILT_IN_NOTE}`,
      pathId: "Template id",
      ok: { 200: jsonResponse(successBody, "Deleted") },
      errors: ["Conflict"],
    }),
  },
});
