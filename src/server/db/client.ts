import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { env } from "@/env";
import { logger } from "@/server/logger";
import { patchPoolTransactions } from "./pg-transaction";
import { lockDataDir } from "./pglite-lock";
import * as schema from "./schema";

const log = logger.child({ area: "db" });

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseDriver = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  /**
   * Where the exports read their pages from: on PostgreSQL a small pool of its own, whose
   * statements PostgreSQL times out (`statement_timeout`) instead of node-postgres' read timer
   * (`query_timeout`). That timer's callback is a closure made in `Client.query`, whose scope
   * holds the query and so its rows: with it every page of an export outlived V8's young
   * collections and waited for a full one (+249 MiB of RSS over a million messages; BENCHMARKS.md).
   * On PGlite, `db`.
   */
  bulkReads: Database;
  driver: DatabaseDriver;
  /** Applies the committed migrations in drizzle/ that this database has not seen yet. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), "drizzle");

// Exports at once: each holds a connection while it reads a session's messages.
const BULK_POOL_MAX = 2;

// The pool behind each PostgreSQL `bulkReads`: the exports read their messages through a cursor
// on it (src/server/export/postgres-message-cursor.ts).
const bulkPools = new WeakMap<Database, pg.Pool>();

/** The PostgreSQL pool behind a handle's `bulkReads`; null for any other database (PGlite's). */
export function bulkPoolOf(db: Database): pg.Pool | null {
  return bulkPools.get(db) ?? null;
}

// Any fixed number: instances starting together on one PostgreSQL take turns migrating.
const MIGRATION_LOCK_KEY = 7_460_213;

/** Opens the database the environment names: PostgreSQL with DATABASE_URL, else PGlite on disk. */
export async function openDatabase(): Promise<DatabaseHandle> {
  const config = env();
  return config.DATABASE_URL
    ? openPostgres(config.DATABASE_URL)
    : openPglite(config.CRAFT_DATA_DIR);
}

function openPostgres(connectionString: string): DatabaseHandle {
  const config = env();
  const common = {
    connectionString,
    connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  };
  const pool = watched(
    new pg.Pool({
      ...common,
      max: config.DB_POOL_MAX,
      query_timeout: config.DB_QUERY_TIMEOUT_MS,
      application_name: "craft",
    }),
  );
  // Keep-alive probes stand in for the read timer against a peer that went silent.
  const bulkPool = watched(
    new pg.Pool({
      ...common,
      max: BULK_POOL_MAX,
      statement_timeout: config.DB_QUERY_TIMEOUT_MS,
      keepAlive: true,
      application_name: "craft-bulk",
    }),
  );
  patchPoolTransactions();
  const bulkReads: Database = drizzlePg(bulkPool, { schema });
  bulkPools.set(bulkReads, bulkPool);
  return {
    db: drizzlePg(pool, { schema }),
    bulkReads,
    driver: "postgres",
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client), { migrationsFolder });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    close: async () => {
      await Promise.all([pool.end(), bulkPool.end()]);
    },
  };
}

/** A pool whose lost connections, idle or checked out, do not crash the process. */
function watched(pool: pg.Pool): pg.Pool {
  pool.on("error", (error) => log.warn({ err: error }, "idle PostgreSQL client error"));
  pool.on("connect", (client) => {
    client.on("error", (error) => log.warn({ err: error }, "PostgreSQL connection lost"));
  });
  return pool;
}

async function openPglite(dataDirSetting: string): Promise<DatabaseHandle> {
  const dataDir = path.resolve(dataDirSetting);
  const release = lockDataDir(dataDir);
  try {
    const client = await PGlite.create(path.join(dataDir, "pglite"));
    const db = drizzlePglite(client, { schema });
    return {
      db,
      bulkReads: db,
      driver: "pglite",
      migrate: () => migratePglite(db, { migrationsFolder }),
      async close() {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
