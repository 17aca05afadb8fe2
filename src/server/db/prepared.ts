import type { Placeholder } from "drizzle-orm";
import type { Database } from "./client";

/** A query parameter: a value, or a placeholder in a prepared statement. */
export type Param<T> = T | Placeholder;

/**
 * A query built once per database handle and then only executed: building SQL with Drizzle
 * cost about 0.35 ms of CPU per read request (bench/diag.ts, "messages" against
 * "messages-prepared"), as much as the rest of the handler. On PostgreSQL the statement is
 * also parsed once per connection. Only for the handle itself, not for a transaction's.
 */
export function preparedFor<Q>(build: (db: Database) => Q): (db: Database) => Q {
  const built = new WeakMap<Database, Q>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
