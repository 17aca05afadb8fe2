import "server-only";
import type { Database } from "@/server/db";
import type { ExportSessionRow } from "@/server/queries/export";
import { tagsOfSessions } from "@/server/queries/tags";
import { exportHeader, toExportSessionHead } from "./export-objects";
import { allMessagePages } from "./message-pages";

/**
 * One session as the export's JSON document, in pieces: the document up to its `messages`
 * array, then the messages a page at a time (one a line, so the file reads and greps well),
 * then the closing brackets. Never the whole session in memory.
 */
export async function* sessionJsonChunks(
  db: Database,
  params: {
    userId: string;
    session: ExportSessionRow;
    exportedAt: Date;
    /** False for a member of a shared session: the owner's tags are theirs alone. */
    withTags?: boolean;
  },
): AsyncGenerator<string> {
  const { session, exportedAt, withTags = true } = params;
  const tags = withTags ? ((await tagsOfSessions(db, [session.id])).get(session.id) ?? []) : [];
  const empty = JSON.stringify({
    ...exportHeader("session", exportedAt),
    session: { ...toExportSessionHead(session, tags), messages: [] },
  });
  // `messages` is the last field of `session`, the last field of the document.
  const closing = "[]}}";
  yield `${empty.slice(0, -closing.length)}[`;
  let separator = "\n";
  for await (const page of allMessagePages(db, params)) {
    let text = "";
    for (const message of page) {
      text += separator + JSON.stringify(message);
      separator = ",\n";
    }
    yield text;
  }
  yield "\n]}}\n";
}
