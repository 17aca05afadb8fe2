import type { ZodOpenApiPathsObject, ZodOpenApiResponseObject } from "zod-openapi";
import { exportLine, sessionExportDocument } from "@/lib/contract/export";
import { exportSessionQuery } from "../schemas/export";
import { userOperation } from "./operation";

const tag = "export";

const DISPOSITION = {
  "Content-Disposition": {
    description:
      "`attachment`, with a file name made from the session's or project's name (RFC 6266: an " +
      "ASCII `filename`, and `filename*` in UTF-8 when the name has other letters).",
    schema: { type: "string" },
  },
} as const;

const STREAM_NOTE =
  "Written while it is read, a page of messages at a time, so memory stays bounded and the " +
  "first bytes arrive at once whatever the size. A failure partway cuts the connection: a " +
  "file without its closing `end` line (NDJSON) or closing brackets (JSON) is incomplete.";

const ndjsonLine = exportLine.meta({
  id: "ExportLine",
  description:
    "One line: the header first, then each project, each of its sessions, each session's " +
    "messages (creation order: parents before children), and `end` with the counts.",
});

const ndjson = (description: string): ZodOpenApiResponseObject => ({
  description,
  headers: DISPOSITION,
  content: { "application/x-ndjson": { schema: ndjsonLine } },
});

export const exportPaths = (): ZodOpenApiPathsObject => ({
  "/api/chat-sessions/{id}/export": {
    get: userOperation("get", {
      operationId: "exportChatSession",
      tag,
      summary: "Download one session as JSON (every branch) or Markdown (the active branch)",
      description: STREAM_NOTE,
      pathId: "Chat session id",
      query: exportSessionQuery,
      ok: {
        200: {
          description: "The session, as an attachment",
          headers: DISPOSITION,
          content: {
            "application/json": { schema: sessionExportDocument },
            "text/markdown": { schema: { type: "string" } },
          },
        },
      },
    }),
  },
  "/api/projects/{id}/export": {
    get: userOperation("get", {
      operationId: "exportProject",
      tag,
      summary: "Download a project, every session and message, as NDJSON",
      description: STREAM_NOTE,
      pathId: "Project id",
      ok: { 200: ndjson("The project, as an attachment") },
    }),
  },
  "/api/export": {
    get: userOperation("get", {
      operationId: "exportAccount",
      tag,
      summary: "Download everything of yours as NDJSON",
      description: STREAM_NOTE,
      ok: { 200: ndjson("Every project, session and message of yours, as an attachment") },
    }),
  },
});
