import "server-only";
import type { ExportMessage } from "@/lib/contract/export";
import type { Database } from "@/server/db";
import {
  type ExportSessionRow,
  listMessagesToExport,
  readBranchSliceToExport,
} from "@/server/queries/export";
import { toExportMessage } from "./export-objects";

/** Messages per read: big enough that the round trips do not dominate, small in memory. */
export const MESSAGE_PAGE = 500;

/**
 * Every message of the session, every branch, in creation order, a page at a time (keyset on
 * seq), up to the newest one when the session was read.
 */
export async function* allMessagePages(
  db: Database,
  { userId, session }: { userId: string; session: ExportSessionRow },
): AsyncGenerator<ExportMessage[]> {
  let afterSeq = 0;
  while (afterSeq < session.lastMessageSeq) {
    const rows = await listMessagesToExport(db, {
      userId,
      chatSessionId: session.id,
      afterSeq,
      throughSeq: session.lastMessageSeq,
      limit: MESSAGE_PAGE,
    });
    const last = rows.at(-1);
    if (!last) return;
    afterSeq = last.seq;
    yield rows.map(toExportMessage);
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
