import { ndjsonExportChunks } from "@/server/export/account-ndjson";
import { attachmentDisposition, exportDay } from "@/server/export/download-name";
import { streamedDownload } from "@/server/export/streamed-download";
import { notFound } from "@/server/http/errors";
import { withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { getProjectForUser } from "@/server/queries/projects";

export const dynamic = "force-dynamic";

type Params = { id: string };

// GET /api/projects/[id]/export: one of your projects, every session and message, as NDJSON
// written while it is read
export const GET = withUser<Params>(async ({ db, bulkReads, user, params }) => {
  const id = lookupId(params.id, "Project");
  const project = await getProjectForUser(db, { id, userId: user.id });
  if (!project) throw notFound("Project");
  const exportedAt = new Date();
  return streamedDownload(
    ndjsonExportChunks(bulkReads, { userId: user.id, projectId: id, exportedAt }),
    {
      contentType: "application/x-ndjson; charset=utf-8",
      disposition: attachmentDisposition(
        `craft ${project.name}`,
        `-${exportDay(exportedAt)}.ndjson`,
        "craft-project",
      ),
    },
  );
});
