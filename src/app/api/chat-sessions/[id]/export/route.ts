import { attachmentDisposition } from "@/server/export/download-name";
import { sessionJsonChunks } from "@/server/export/session-json";
import { sessionMarkdownChunks } from "@/server/export/session-markdown";
import { streamedDownload } from "@/server/export/streamed-download";
import { notFound } from "@/server/http/errors";
import { withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { parseQuery } from "@/server/http/query";
import { exportSessionQuery } from "@/server/http/schemas/export";
import { requireSessionAccess } from "@/server/http/session-access";
import { readSessionToExport } from "@/server/queries/export";

export const dynamic = "force-dynamic";

type Params = { id: string };

// GET /api/chat-sessions/[id]/export?format=markdown|json: download one of your sessions, or
// one shared with you, streamed a page of messages at a time
export const GET = withUser<Params>(async ({ db, bulkReads, user, params, url }) => {
  const id = lookupId(params.id, "Chat session");
  const { format } = parseQuery(url, exportSessionQuery);
  const { ownerId, role } = await requireSessionAccess(
    db,
    { sessionId: id, userId: user.id },
    "read",
  );
  const session = await readSessionToExport(db, { id, userId: ownerId });
  if (!session) throw notFound("Chat session");
  const source = { userId: ownerId, session, exportedAt: new Date(), withTags: role === "owner" };
  return format === "markdown"
    ? streamedDownload(sessionMarkdownChunks(bulkReads, source), {
        contentType: "text/markdown; charset=utf-8",
        disposition: attachmentDisposition(session.name, ".md", "chat"),
      })
    : streamedDownload(sessionJsonChunks(bulkReads, source), {
        contentType: "application/json; charset=utf-8",
        disposition: attachmentDisposition(session.name, ".json", "chat"),
      });
});
