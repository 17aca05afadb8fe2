import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  importAnswer,
  importForm,
  importListAnswer,
  importListQuery,
} from "@/lib/contract/imports";
import { jsonResponse, userOperation } from "./operation";

const tag = "import";

export const importPaths = (): ZodOpenApiPathsObject => ({
  "/api/import": {
    post: userOperation("post", {
      operationId: "startImport",
      tag,
      summary: "Upload chat history to import in the background",
      description:
        "The file's format is detected (Craft's export, ChatGPT's, Open WebUI's, LibreChat's). " +
        "Each conversation is imported whole or not at all; one imported before (the same " +
        "source and id) is skipped, so a file can be imported again safely. Without `projectId` " +
        "a Craft export's projects are made again, other sources go to a new project named " +
        "after the source. Follow the import with `GET /api/imports/{id}` or the live `import` " +
        "event. At most IMPORT_UPLOADS_PER_HOUR uploads per user in any hour (20 unless configured).",
      formBody: importForm,
      ok: { 202: jsonResponse(importAnswer, "Accepted: the import is queued") },
      errors: ["NotFound", "RateLimited"],
    }),
  },
  "/api/imports": {
    get: userOperation("get", {
      operationId: "listImports",
      tag,
      summary: "Your most recent imports, newest first",
      query: importListQuery,
      ok: { 200: jsonResponse(importListAnswer, "Your imports") },
    }),
  },
  "/api/imports/{id}": {
    get: userOperation("get", {
      operationId: "getImport",
      tag,
      summary: "One of your imports, with its progress",
      pathId: "Import id",
      ok: { 200: jsonResponse(importAnswer, "The import") },
    }),
  },
});
