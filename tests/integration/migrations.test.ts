// Every migration carries existing data forward: a database is migrated to an earlier point,
// filled as the app of that time would fill it, then brought to the latest migration.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ALL = path.join(process.cwd(), "drizzle");
const journal = JSON.parse(fs.readFileSync(path.join(ALL, "meta/_journal.json"), "utf8")) as {
  entries: { tag: string }[];
};

/** A migrations folder holding the committed migrations up to and including `tag`. */
function migrationsUpTo(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-migrations-"));
  const upTo = journal.entries.findIndex((e) => e.tag === tag);
  if (upTo < 0) throw new Error(`no migration ${tag}`);
  const entries = journal.entries.slice(0, upTo + 1);
  fs.mkdirSync(path.join(dir, "meta"));
  fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const { tag: t } of entries)
    fs.copyFileSync(path.join(ALL, `${t}.sql`), path.join(dir, `${t}.sql`));
  return dir;
}

interface Target {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  migrate(folder: string): Promise<void>;
  close(): Promise<void>;
}

/** A database of its own, of the kind this run tests: PGlite, or PostgreSQL. */
async function openTarget(): Promise<Target> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!process.env.DATABASE_URL || !adminUrl) {
    const client = new PGlite();
    const db = drizzlePglite(client);
    return {
      query: async (text, params) => (await client.query(text, params)).rows as never,
      migrate: (folder) => migratePglite(db, { migrationsFolder: folder }),
      close: () => client.close(),
    };
  }
  const name = `craft_migrate_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  // `pool.end()` can resolve before a client's socket has closed; the forced drop below then
  // terminates that backend, and its error must not surface as an uncaught exception.
  pool.on("error", () => {});
  return {
    query: async (text, params) => (await pool.query(text, params as unknown[])).rows,
    migrate: (folder) => migratePg(drizzlePg(pool), { migrationsFolder: folder }),
    close: async () => {
      await pool.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

let target: Target;
beforeAll(async () => {
  target = await openTarget();
});
afterAll(() => target?.close());

describe("0003_message_ids_per_user", () => {
  it("gives every existing message its owner and keeps ids, order and reply links", async () => {
    await target.migrate(migrationsUpTo("0002_ascending_recency_indexes"));
    for (const u of ["alice", "bob"]) {
      await target.query(`insert into "user" (id, name, email) values ($1, $1, $1 || '@x.org')`, [
        u,
      ]);
      await target.query("insert into projects (id, name, user_id) values ($1, $1, $2)", [
        `p-${u}`,
        u,
      ]);
      await target.query(`insert into chat_sessions (id, project_id) values ($1, $2)`, [
        `s-${u}`,
        `p-${u}`,
      ]);
    }
    await target.query(
      `insert into chat_messages (id, chat_session_id, seq, role, content, status, in_reply_to) values
        ('q1', 's-alice', 1, 'user', 'question', 'complete', null),
        ('r1', 's-alice', 2, 'assistant', 'answer', 'complete', 'q1'),
        ('q2', 's-bob', 1, 'user', 'bob asks', 'complete', null)`,
    );

    await target.migrate(ALL);

    const rows = await target.query<Record<string, unknown>>(
      "select id, user_id, chat_session_id, seq, content, in_reply_to from chat_messages order by id",
    );
    expect(rows).toEqual([
      {
        id: "q1",
        user_id: "alice",
        chat_session_id: "s-alice",
        seq: 1,
        content: "question",
        in_reply_to: null,
      },
      {
        id: "q2",
        user_id: "bob",
        chat_session_id: "s-bob",
        seq: 1,
        content: "bob asks",
        in_reply_to: null,
      },
      {
        id: "r1",
        user_id: "alice",
        chat_session_id: "s-alice",
        seq: 2,
        content: "answer",
        in_reply_to: "q1",
      },
    ]);

    // Bob may now use Alice's id; Alice still may not use it twice.
    await target.query(
      `insert into chat_messages (id, user_id, chat_session_id, seq, role, content) values ('q1', 'bob', 's-bob', 2, 'user', 'mine too')`,
    );
    await expect(
      target.query(
        `insert into chat_messages (id, user_id, chat_session_id, seq, role, content) values ('q1', 'alice', 's-alice', 3, 'user', 'again')`,
      ),
    ).rejects.toThrow(/duplicate key/);
    // The reply link still follows its question: deleting Alice's q1 clears it, Bob's stays.
    await target.query(`delete from chat_messages where user_id = 'alice' and id = 'q1'`);
    const [reply] = await target.query<{ in_reply_to: string | null }>(
      `select in_reply_to from chat_messages where user_id = 'alice' and id = 'r1'`,
    );
    expect(reply?.in_reply_to).toBeNull();
    const [bobs] = await target.query<{ n: number }>(
      `select count(*)::int as n from chat_messages where id = 'q1' and user_id = 'bob'`,
    );
    expect(bobs?.n).toBe(1);
  });
});
