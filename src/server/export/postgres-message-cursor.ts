import "server-only";
import type pg from "pg";
import Cursor from "pg-cursor";
import type { Database } from "@/server/db";
import {
  type ExportMessageRow,
  exportMessageColumns,
  messagesToExport,
} from "@/server/queries/export";

// On PostgreSQL the export reads a session's messages through one server-side cursor, not a
// query per page: node-postgres makes a Result and its rows array per query, and once V8 has
// learnt (from long statements earlier in the process) to allocate those in the old
// generation, each dead page kept its rows alive until a full collection (+247 MiB of RSS over
// a million messages; BENCHMARKS.md). A cursor has one Result for all its reads.

type ColumnValues = unknown[];

const columnNames = Object.keys(exportMessageColumns) as (keyof ExportMessageRow)[];

/** A row read in array mode, keyed as Drizzle keys it (the select lists the columns in this order). */
function toRow(values: ColumnValues): ExportMessageRow {
  const row: Record<string, unknown> = {};
  columnNames.forEach((name, index) => {
    row[name] = values[index];
  });
  return row as ExportMessageRow;
}

/**
 * The session's messages after `afterSeq` through `throughSeq`, in `seq` order, `batch` rows
 * per read. A cursor holds its connection and its statement's clock between reads (a slow
 * download waits between them), so one open `maxOpenMs` or longer is closed before its next
 * read and a new one opened after the last message read.
 */
export async function* postgresMessagePages(
  pool: pg.Pool,
  db: Database,
  params: { userId: string; chatSessionId: string; afterSeq: number; throughSeq: number },
  { batch, maxOpenMs }: { batch: number; maxOpenMs: number },
): AsyncGenerator<ExportMessageRow[]> {
  let afterSeq = params.afterSeq;
  for (;;) {
    const { sql, params: values } = messagesToExport(db, { ...params, afterSeq }).toSQL();
    const client = await pool.connect();
    const cursor = client.query(new Cursor<ColumnValues>(sql, values, { rowMode: "array" }));
    const openedAt = performance.now();
    let failure: unknown;
    try {
      // At least one read per cursor, so the export moves on whatever the timeout.
      do {
        const rows = (await cursor.read(batch)).map(toRow);
        const last = rows.at(-1);
        if (!last) return;
        afterSeq = last.seq;
        yield rows;
        if (rows.length < batch) return;
      } while (performance.now() - openedAt < maxOpenMs);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      // A connection whose cursor failed, or would not close, is not given back to the pool.
      const closed = await cursor.close().then(
        () => failure === undefined,
        () => false,
      );
      client.release(!closed);
    }
  }
}
