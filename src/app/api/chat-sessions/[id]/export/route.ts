import { attachmentDisposition } from "@/server/export/download-name";
import { sessionJsonChunks } from "@/server/export/session-json";
import { sessionMarkdownChunks } from "@/server/export/session-markdown";
import { streamedDownload } from "@/server/export/streamed-download";
import { notFound } from "@/server/http/errors";
import { withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { parseQuery } from "@/server/http/query";
import { exportSessionQuery } from "@/server/http/schemas/export";
import { readSessionToExport } from "@/server/queries/export";

export const dynamic = "force-dynamic";

type Params = { id: string };

// GET /api/chat-sessions/[id]/export?format=markdown|json: download one of your sessions,
// streamed a page of messages at a time
export const GET = withUser<Params>(async ({ db, bulkReads, user, params, url }) => {
  const id = lookupId(params.id, "Chat session");
  const { format } = parseQuery(url, exportSessionQuery);
  const session = await readSessionToExport(db, { id, userId: user.id });
  if (!session) throw notFound("Chat session");
  const source = { userId: user.id, session, exportedAt: new Date() };
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
