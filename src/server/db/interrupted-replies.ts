import { and, eq, lt, sql } from "drizzle-orm";
import type { DatabaseHandle } from "./client";
import { chatMessages } from "./schema";

/** A live reply touches its row at least this often; one untouched for longer has died. */
export const STREAM_HEARTBEAT_MS = 5_000;
const STALE_AFTER_MS = 6 * STREAM_HEARTBEAT_MS;

/**
 * Replies left `streaming` by a process that died become `partial`. On PGlite this process is
 * the only writer, so every one of them is stale; on PostgreSQL another instance may still be
 * streaming, so only rows whose heartbeat has stopped are touched.
 */
export async function markInterruptedReplies({ db, driver }: DatabaseHandle): Promise<number> {
  const stale =
    driver === "pglite"
      ? eq(chatMessages.status, "streaming")
      : and(
          eq(chatMessages.status, "streaming"),
          lt(chatMessages.updatedAt, sql`now() - make_interval(secs => ${STALE_AFTER_MS / 1000})`),
        );
  const rows = await db
    .update(chatMessages)
    .set({ status: "partial" })
    .where(stale)
    .returning({ id: chatMessages.id });
  return rows.length;
}
