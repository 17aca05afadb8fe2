import { rm } from "node:fs/promises";
import { createId } from "@paralleldrive/cuid2";
import { importAnswer } from "@/lib/contract/imports";
import { RateLimitedError } from "@/server/errors";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { receiveUpload } from "@/server/imports/receive-upload";
import { startImport } from "@/server/imports/run-import";
import { importRateLimiter } from "@/server/imports/upload-rate-limit";
import { insertImport, toImportJson } from "@/server/queries/imports";
import { getProjectForUser } from "@/server/queries/projects";

export const dynamic = "force-dynamic";

// POST /api/import: upload a file of chat history (multipart/form-data: file, projectId?) to
// import in the background; follow it with GET /api/imports/{id}
export const POST = withUser(
  async ({ db, user, req }) => {
    const allowed = await importRateLimiter().take(user.id);
    if (!allowed.ok)
      throw new RateLimitedError(
        "Too many imports; wait a while and try again",
        allowed.retryAfterSeconds,
      );
    const id = createId();
    const upload = await receiveUpload(req, id);
    try {
      const projectId =
        upload.fields.projectId === undefined || upload.fields.projectId === ""
          ? null
          : lookupId(upload.fields.projectId, "Project");
      if (projectId && !(await getProjectForUser(db, { id: projectId, userId: user.id })))
        throw notFound("Project");
      const row = await insertImport(db, {
        id,
        userId: user.id,
        fileName: upload.fileName,
        filePath: upload.filePath,
        totalBytes: upload.bytes,
        projectId,
      });
      startImport(db, row);
      return json(importAnswer, { import: toImportJson(row) }, 202);
    } catch (error) {
      await rm(upload.filePath, { force: true });
      throw error;
    }
  },
  { body: "stream" },
);
