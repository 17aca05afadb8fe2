import { ndjsonExportChunks } from "@/server/export/account-ndjson";
import { exportDay } from "@/server/export/download-name";
import { streamedDownload } from "@/server/export/streamed-download";
import { withUser } from "@/server/http/handler";

export const dynamic = "force-dynamic";

// GET /api/export: everything of yours (projects, sessions, every message) as NDJSON written
// while it is read
export const GET = withUser(async ({ bulkReads, user }) => {
  const exportedAt = new Date();
  return streamedDownload(ndjsonExportChunks(bulkReads, { userId: user.id, exportedAt }), {
    contentType: "application/x-ndjson; charset=utf-8",
    disposition: `attachment; filename="craft-export-${exportDay(exportedAt)}.ndjson"`,
  });
});
