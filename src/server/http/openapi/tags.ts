import type { ZodOpenApiPathsObject } from "zod-openapi";
import { successBody, tagBody, tagListBody } from "@/lib/contract/bodies";
import { MAX_TAG_NAME, MAX_TAGS_PER_USER } from "@/lib/contract/limits";
import { createTagBody, updateTagBody } from "../schemas/tags";
import { jsonResponse, userOperation } from "./operation";

const tag = "tags";

export const tagPaths = (): ZodOpenApiPathsObject => ({
  "/api/tags": {
    get: userOperation("get", {
      operationId: "listTags",
      tag,
      summary: "Your tags, by name, with how many sessions carry each",
      description:
        "Tags are yours across all your projects. Put them on sessions with " +
        "`PATCH /api/chat-sessions/{id}` (`tags`) or `POST /api/chat-sessions/bulk`; list a " +
        "project's sessions carrying them with `GET /api/chat-sessions?projectId=…&tag=…`.",
      ok: { 200: jsonResponse(tagListBody, "Your tags") },
    }),
    post: userOperation("post", {
      operationId: "createTag",
      tag,
      summary: "Create a tag",
      description: `Names are 1–${MAX_TAG_NAME} characters and unique among your tags whatever the case (409 otherwise). You can have up to ${MAX_TAGS_PER_USER} tags (409 beyond).`,
      body: createTagBody,
      ok: { 201: jsonResponse(tagBody, "Created") },
      errors: ["Conflict"],
    }),
  },
  "/api/tags/{id}": {
    patch: userOperation("patch", {
      operationId: "updateTag",
      tag,
      summary: "Rename or recolour a tag, on every session that carries it",
      pathId: "Tag id",
      body: updateTagBody,
      ok: { 200: jsonResponse(tagBody, "The tag now") },
      errors: ["Conflict"],
    }),
    delete: userOperation("delete", {
      operationId: "deleteTag",
      tag,
      summary: "Delete a tag: it leaves every session and template that carried it",
      pathId: "Tag id",
      ok: { 200: jsonResponse(successBody, "Deleted") },
    }),
  },
});
