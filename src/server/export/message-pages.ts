import "server-only";
import { env } from "@/env";
import type { ExportMessage } from "@/lib/contract/export";
import { bulkPoolOf, type Database } from "@/server/db";
import {
  type ExportMessageRow,
  type ExportSessionRow,
  listMessagesToExport,
  readBranchSliceToExport,
} from "@/server/queries/export";
import { toExportMessage } from "./export-objects";
import { postgresMessagePages } from "./postgres-message-cursor";

/** Messages per read: big enough that the round trips do not dominate, small in memory. */
export const MESSAGE_PAGE = 500;

/**
 * Every message of the session, every branch, in creation order, a page at a time, up to the
 * newest one when the session was read: through one cursor on PostgreSQL's bulk pool, by
 * keyset pages on seq elsewhere (PGlite).
 */
export async function* allMessagePages(
  db: Database,
  { userId, session }: { userId: string; session: ExportSessionRow },
): AsyncGenerator<ExportMessage[]> {
  const range = {
    userId,
    chatSessionId: session.id,
    afterSeq: 0,
    throughSeq: session.lastMessageSeq,
  };
  const pool = bulkPoolOf(db);
  const pages = pool
    ? postgresMessagePages(pool, db, range, {
        batch: MESSAGE_PAGE,
        // Well inside the bulk pool's statement_timeout, which a cursor's life counts against,
        // and inside the connect timeout of an export waiting for the cursor's connection.
        maxOpenMs: Math.min(env().DB_QUERY_TIMEOUT_MS, env().DB_CONNECT_TIMEOUT_MS) / 2,
      })
    : keysetMessagePages(db, range);
  for await (const rows of pages) yield rows.map(toExportMessage);
}

async function* keysetMessagePages(
  db: Database,
  range: { userId: string; chatSessionId: string; afterSeq: number; throughSeq: number },
): AsyncGenerator<ExportMessageRow[]> {
  let afterSeq = range.afterSeq;
  while (afterSeq < range.throughSeq) {
    const rows = await listMessagesToExport(db, { ...range, afterSeq, limit: MESSAGE_PAGE });
    const last = rows.at(-1);
    if (!last) return;
    afterSeq = last.seq;
    yield rows;
  }
}

/** The active branch as the session was read, oldest first, a page of depths at a time. */
export async function* activeBranchPages(
  db: Database,
  { userId, session }: { userId: string; session: ExportSessionRow },
): AsyncGenerator<ExportMessage[]> {
  const leafId = session.activeLeafId;
  if (!leafId) return;
  for (let from = 1; from <= session.messageCount; from += MESSAGE_PAGE) {
    const to = Math.min(session.messageCount, from + MESSAGE_PAGE - 1);
    const rows = await readBranchSliceToExport(db, {
      userId,
      chatSessionId: session.id,
      leafId,
      from,
      to,
    });
    if (rows.length === 0) return;
    yield rows.map(toExportMessage);
  }
}
