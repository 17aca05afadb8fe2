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
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/server/db";
import * as schema from "@/server/db/schema";
import { insertChatMessage, listChatMessages } from "@/server/queries/chat-messages";
import { listChatSessions, messagesBySession } from "@/server/queries/chat-sessions";
import { leaveBranch } from "@/server/queries/chat-tree";
import { importConversation, insertImport } from "@/server/queries/imports";
import { searchForUser } from "@/server/queries/search";
import { sessionAccess } from "@/server/queries/session-access";
import { insertShareLink, listShareLinks, readSharedSession } from "@/server/queries/share-links";
import { skipDepth } from "@/server/queries/skip-pointers";
import { insertCheckpoint, publishSummary, unsummarizedPath } from "@/server/queries/summaries";
import { NO_SUMMARY } from "../helpers/no-summary";

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
  /** The app's own Drizzle handle on this database, for its queries. */
  app: Database;
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
      app: drizzlePglite(client, { schema }) as unknown as Database,
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
    app: drizzlePg(pool, { schema }) as unknown as Database,
    migrate: (folder) => migratePg(drizzlePg(pool), { migrationsFolder: folder }),
    close: async () => {
      await pool.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

let target: Target;
beforeEach(async () => {
  target = await openTarget();
});
afterEach(() => target?.close());

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

    await target.migrate(migrationsUpTo("0003_message_ids_per_user"));

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

describe("0004_branches", () => {
  /** What GET /api/chat-messages answered before: every message by seq, the spec's fields. */
  const specView = (rows: Record<string, unknown>[]) =>
    rows.map((r) => ({
      id: r.id,
      chatSessionId: r.chat_session_id ?? r.chatSessionId,
      role: r.role,
      content: r.content,
      status: r.status,
      createdAt: new Date(String((r.created_at ?? r.createdAt) as Date | string)).toISOString(),
    }));

  it("turns every session into one branch and answers exactly as before", async () => {
    await target.migrate(migrationsUpTo("0003_message_ids_per_user"));
    for (const u of ["alice", "bob"]) {
      await target.query(`insert into "user" (id, name, email) values ($1, $1, $1 || '@x.org')`, [
        u,
      ]);
      await target.query("insert into projects (id, name, user_id) values ($1, $1, $2)", [
        `p-${u}`,
        u,
      ]);
    }
    await target.query(
      `insert into chat_sessions (id, project_id, last_message_seq, message_count) values
        ('s-alice', 'p-alice', 5, 4), ('s-empty', 'p-alice', 0, 0), ('s-bob', 'p-bob', 2, 2)`,
    );
    // As the app of 0003 left them: seq 2 was q1's reply, which an old regenerate deleted
    // after q2 was answered; its replacement (seq 5) answers q1 although q2 came between.
    await target.query(
      `insert into chat_messages (id, user_id, chat_session_id, seq, role, content, status, in_reply_to, created_at) values
        ('q1', 'alice', 's-alice', 1, 'user', 'first question', 'complete', null, '2026-01-01T00:00:01Z'),
        ('q2', 'alice', 's-alice', 3, 'user', 'second question', 'complete', null, '2026-01-01T00:00:04Z'),
        ('r2', 'alice', 's-alice', 4, 'assistant', 'second answer', 'partial', 'q2', '2026-01-01T00:00:05Z'),
        ('r1b', 'alice', 's-alice', 5, 'assistant', 'first answer again', 'complete', 'q1', '2026-01-01T00:00:06Z'),
        ('q1', 'bob', 's-bob', 1, 'user', 'bob asks', 'complete', null, '2026-01-01T00:00:07Z'),
        ('r1', 'bob', 's-bob', 2, 'assistant', 'bob is answered', 'error', 'q1', '2026-01-01T00:00:08Z')`,
    );
    // A longer session, for the skip pointers: l1 … l40.
    await target.query(
      `insert into chat_sessions (id, project_id, last_message_seq, message_count) values ('s-long', 'p-alice', 40, 40)`,
    );
    await target.query(
      `insert into chat_messages (id, user_id, chat_session_id, seq, role, content, status)
       select 'l' || g, 'alice', 's-long', g, case when g % 2 = 1 then 'user' else 'assistant' end,
              'message ' || g, 'complete'
       from generate_series(1, 40) g`,
    );
    const before = new Map<string, ReturnType<typeof specView>>();
    for (const id of ["s-alice", "s-empty", "s-bob"]) {
      before.set(
        id,
        specView(
          await target.query(
            "select id, chat_session_id, role, content, status, created_at from chat_messages where chat_session_id = $1 order by seq",
            [id],
          ),
        ),
      );
    }

    await target.migrate(ALL);

    // skip_id: the ancestor at skipDepth(depth) (0 for depths 1, 3, 7, …: none).
    expect(
      await target.query(
        "select user_id, id, parent_id, depth, skip_id, resume_leaf_id from chat_messages where chat_session_id <> 's-long' order by user_id, seq",
      ),
    ).toEqual([
      {
        user_id: "alice",
        id: "q1",
        parent_id: null,
        depth: 1,
        skip_id: null,
        resume_leaf_id: null,
      },
      {
        user_id: "alice",
        id: "q2",
        parent_id: "q1",
        depth: 2,
        skip_id: "q1",
        resume_leaf_id: null,
      },
      {
        user_id: "alice",
        id: "r2",
        parent_id: "q2",
        depth: 3,
        skip_id: null,
        resume_leaf_id: null,
      },
      {
        user_id: "alice",
        id: "r1b",
        parent_id: "r2",
        depth: 4,
        skip_id: "r2",
        resume_leaf_id: null,
      },
      { user_id: "bob", id: "q1", parent_id: null, depth: 1, skip_id: null, resume_leaf_id: null },
      { user_id: "bob", id: "r1", parent_id: "q1", depth: 2, skip_id: "q1", resume_leaf_id: null },
    ]);
    const long = await target.query<{
      id: string;
      parent_id: string | null;
      depth: number;
      skip_id: string | null;
    }>(
      "select id, parent_id, depth, skip_id from chat_messages where chat_session_id = 's-long' order by seq",
    );
    expect(long).toEqual(
      Array.from({ length: 40 }, (_, i) => ({
        id: `l${i + 1}`,
        parent_id: i === 0 ? null : `l${i}`,
        depth: i + 1,
        skip_id: skipDepth(i + 1) === 0 ? null : `l${skipDepth(i + 1)}`,
      })),
    );
    expect(
      await target.query(
        "select id, active_leaf_id, message_count, last_message_seq from chat_sessions order by id",
      ),
    ).toEqual([
      { id: "s-alice", active_leaf_id: "r1b", message_count: 4, last_message_seq: 5 },
      { id: "s-bob", active_leaf_id: "r1", message_count: 2, last_message_seq: 2 },
      { id: "s-empty", active_leaf_id: null, message_count: 0, last_message_seq: 0 },
      { id: "s-long", active_leaf_id: "l40", message_count: 40, last_message_seq: 40 },
    ]);
    const columns = await target.query<{ column_name: string }>(
      "select column_name from information_schema.columns where table_name = 'chat_messages' and column_name = 'in_reply_to'",
    );
    expect(columns).toEqual([]);

    // The spec's endpoints, through the app's own queries: the same messages in the same order.
    const db = target.app;
    const owners: Record<string, string> = {
      "s-alice": "alice",
      "s-empty": "alice",
      "s-bob": "bob",
    };
    for (const [chatSessionId, userId] of Object.entries(owners)) {
      const all = await listChatMessages(db, { chatSessionId, userId });
      expect(specView(all?.messages ?? []), chatSessionId).toEqual(before.get(chatSessionId));
      expect(all?.messages.every((m) => m.siblingCount === 1 && m.siblingIndex === 1)).toBe(true);
      // Walked back two at a time, the pages add up to the same list.
      const pages: ReturnType<typeof specView>[] = [];
      let cursor: { before: string } | null | undefined;
      do {
        const page = await listChatMessages(db, {
          chatSessionId,
          userId,
          limit: 2,
          before: cursor ?? undefined,
        });
        pages.unshift(specView(page?.messages ?? []));
        cursor = page?.prev;
      } while (cursor);
      expect(pages.flat(), chatSessionId).toEqual(before.get(chatSessionId));
    }
    const grouped = await messagesBySession(db, {
      sessionIds: ["s-alice", "s-empty"],
      userId: "alice",
    });
    expect(specView(grouped.get("s-alice") ?? [])).toEqual(before.get("s-alice"));
    expect(grouped.get("s-empty")).toEqual([]);
    // A cursor handed out before the upgrade (a position) still pages the same way.
    const old = await listChatMessages(db, {
      chatSessionId: "s-alice",
      userId: "alice",
      limit: 2,
      before: { seq: 4 },
    });
    expect(old?.messages.map((m) => m.id)).toEqual(["q1", "q2"]);

    // The next message continues the branch.
    const added = await insertChatMessage(db, {
      chatSessionId: "s-alice",
      userId: "alice",
      role: "user",
      content: "third question",
      id: "q3",
    });
    expect(added?.message).toMatchObject({ id: "q3", parentId: "r1b", siblingIds: ["q3"] });
    expect(added?.created && added.session.messageCount).toBe(5);
    // …with its skip pointer, and the walks take the migrated ones: a new version of l10's
    // question is found to leave the branch at l11, the message after it.
    const [q3] = await target.query<{ skip_id: string | null }>(
      "select skip_id from chat_messages where user_id = 'alice' and id = 'q3'",
    );
    expect(q3?.skip_id).toBe("r1b"); // skipDepth(5) = 4: its parent
    const left = await leaveBranch(db, {
      userId: "alice",
      chatSessionId: "s-long",
      leaf: "l40",
      to: "l10",
    });
    expect(left).toEqual({ fromChild: "l11", toChild: null, to: { id: "l10", depth: 10 } });
  });
});

describe("0005_search", () => {
  it("indexes every existing name and message, and search finds them at once", async () => {
    await target.migrate(migrationsUpTo("0004_branches"));
    for (const u of ["alice", "bob"]) {
      await target.query(`insert into "user" (id, name, email) values ($1, $1, $1 || '@x.org')`, [
        u,
      ]);
      await target.query("insert into projects (id, name, user_id) values ($1, $2, $3)", [
        `p-${u}`,
        `${u}'s project`,
        u,
      ]);
    }
    await target.query(
      `insert into chat_sessions (id, project_id, name, last_message_seq, message_count, active_leaf_id) values
        ('s-alice', 'p-alice', 'Fixing the useEffect loop', 3, 3, 'r2'),
        ('s-bob', 'p-bob', 'Bob''s useEffect', 1, 1, 'q1')`,
    );
    await target.query(
      `insert into chat_messages (id, user_id, chat_session_id, seq, parent_id, depth, role, content, status) values
        ('q1', 'alice', 's-alice', 1, null, 1, 'user', 'Why does useEffect run twice? See src/app/page.tsx', 'complete'),
        ('r1', 'alice', 's-alice', 2, 'q1', 2, 'assistant', 'Strict mode mounts twice: 数据库的索引', 'partial'),
        ('r2', 'alice', 's-alice', 3, 'r1', 3, 'assistant', 'still streaming wombat', 'streaming'),
        ('q1', 'bob', 's-bob', 1, null, 1, 'user', 'bob asks about useEffect too', 'complete')`,
    );

    await target.migrate(ALL);

    const vectors = await target.query<{ id: string; user_id: string; indexed: boolean }>(
      "select id, user_id, search_vector is not null as indexed from chat_messages order by user_id, seq",
    );
    expect(vectors).toEqual([
      { id: "q1", user_id: "alice", indexed: true },
      { id: "r1", user_id: "alice", indexed: true },
      { id: "r2", user_id: "alice", indexed: false },
      { id: "q1", user_id: "bob", indexed: true },
    ]);
    const db = target.app;
    const find = async (q: string, userId = "alice") =>
      (await searchForUser(db, { userId, q, order: "newest", limit: 10 })).hits.map(
        (h) => h.messageId ?? `name:${h.chatSessionId}`,
      );
    expect(await find("useEffect")).toEqual(["q1", "name:s-alice"]);
    expect(await find("page.tsx")).toEqual(["q1"]);
    expect(await find("索引")).toEqual(["r1"]);
    expect(await find("useEffect", "bob")).toEqual(["q1", "name:s-bob"]);
    // The streaming reply is found once it ends: its vector is written then.
    expect(await find("wombat")).toEqual([]);
    await target.query(
      "update chat_messages set status = 'complete' where user_id = 'alice' and id = 'r2'",
    );
    expect(await find("wombat")).toEqual(["r2"]);
  });
});

describe("0006_organize", () => {
  it("keeps every session listed, in its order, unpinned, unarchived, untagged", async () => {
    await target.migrate(migrationsUpTo("0005_search"));
    await target.query(`insert into "user" (id, name, email) values ('alice', 'A', 'a@x.org')`);
    await target.query(`insert into projects (id, name, user_id) values ('p', 'P', 'alice')`);
    await target.query(
      `insert into chat_sessions (id, project_id, name, updated_at) values
        ('old', 'p', 'Old', now() - interval '2 days'),
        ('new', 'p', 'New', now() - interval '1 hour'),
        ('mid', 'p', 'Mid', now() - interval '1 day')`,
    );

    await target.migrate(ALL);

    const rows = await target.query(
      "select id, pinned, archived, instructions, template_id from chat_sessions order by id",
    );
    expect(rows).toEqual(
      ["mid", "new", "old"].map((id) => ({
        id,
        pinned: false,
        archived: false,
        instructions: "",
        template_id: null,
      })),
    );
    const listed = await listChatSessions(target.app, { projectId: "p", userId: "alice" });
    expect(listed?.sessions.map((s) => s.id)).toEqual(["new", "mid", "old"]);
    const carried = await target.query<{ n: number }>(
      "select count(*)::int as n from chat_session_tags",
    );
    expect(carried).toEqual([{ n: 0 }]);
  });
});

describe("0007_summaries", () => {
  it("gives every session no summary, idle, and a chat made before takes a checkpoint like any other", async () => {
    await target.migrate(migrationsUpTo("0006_organize"));
    await target.query(`insert into "user" (id, name, email) values ('alice', 'A', 'a@x.org')`);
    await target.query(`insert into projects (id, name, user_id) values ('p', 'P', 'alice')`);
    await target.query(
      `insert into chat_sessions (id, project_id, name, message_count, active_leaf_id)
       values ('s', 'p', 'Chat', 6, 'm6'), ('empty', 'p', 'Empty', 0, null)`,
    );
    await target.query(
      `insert into chat_messages (id, user_id, chat_session_id, seq, parent_id, depth, role, content)
       select 'm' || g, 'alice', 's', g, case when g > 1 then 'm' || (g - 1) end, g,
              case when g % 2 = 1 then 'user' else 'assistant' end, 'Message number ' || g || ' about caching.'
       from generate_series(1, 6) g`,
    );

    await target.migrate(ALL);

    const listed = await listChatSessions(target.app, { projectId: "p", userId: "alice" });
    for (const session of listed?.sessions ?? []) {
      expect(session).toMatchObject(NO_SUMMARY);
    }
    // The old chat's branch is summarized like any other: a checkpoint at its last message.
    const { path } = await unsummarizedPath(target.app, { userId: "alice", leafId: "m6" });
    expect(path.map((m) => m.id)).toEqual(["m1", "m2", "m3", "m4", "m5", "m6"]);
    const saved = await insertCheckpoint(target.app, {
      userId: "alice",
      throughId: "m6",
      messageCount: 6,
      text: "About caching.",
      keyPoints: [],
    });
    const { shown } = await publishSummary(target.app, {
      chatSessionId: "s",
      userId: "alice",
      checkpoint: saved,
    });
    expect(shown).toBe(true);
    const [row] = await target.query(
      "select summary, summary_message_count from chat_sessions where id = 's'",
    );
    expect(row).toEqual({ summary: "About caching.", summary_message_count: 6 });
  });
});

describe("0008_imports", () => {
  it("marks every existing session as made here; a second import of a conversation skips it", async () => {
    await target.migrate(migrationsUpTo("0007_summaries"));
    await target.query(`insert into "user" (id, name, email) values ('alice', 'A', 'a@x.org')`);
    await target.query(`insert into projects (id, name, user_id) values ('p', 'P', 'alice')`);
    await target.query(
      `insert into chat_sessions (id, project_id, name, message_count, active_leaf_id, last_message_seq)
       values ('s', 'p', 'Chat', 1, 'm1', 1)`,
    );
    await target.query(
      `insert into chat_messages (id, user_id, chat_session_id, seq, depth, role, content)
       values ('m1', 'alice', 's', 1, 1, 'user', 'Made before imports existed')`,
    );

    await target.migrate(ALL);

    const listed = await listChatSessions(target.app, { projectId: "p", userId: "alice" });
    expect(listed?.sessions.map((s) => [s.id, s.importedFrom])).toEqual([["s", null]]);
    // An existing chat is no import's: importing a conversation under its id writes a new one.
    const upload = {
      userId: "alice",
      fileName: "f.ndjson",
      filePath: "/nonexistent",
      totalBytes: 0,
      projectId: "p",
    };
    const job = await insertImport(target.app, upload);
    const conversation = {
      source: "craft" as const,
      sourceId: "s",
      title: "Chat",
      createdAt: new Date(),
      updatedAt: new Date(),
      messages: [],
      activeLeafSourceId: null,
    };
    const args = { userId: "alice", importId: job.id, projectId: "p", conversation };
    expect((await importConversation(target.app, args)).kind).toBe("imported");
    const other = await insertImport(target.app, upload);
    expect((await importConversation(target.app, { ...args, importId: other.id })).kind).toBe(
      "skipped",
    );
    const counts = await target.query("select count(*)::int as n from chat_sessions");
    expect(counts).toEqual([{ n: 2 }]);
  });
});

describe("0009_shares", () => {
  it("keeps every message the owner's own (no author), shares nothing, and a share then works", async () => {
    await target.migrate(migrationsUpTo("0008_imports"));
    await target.query(
      `insert into "user" (id, name, email) values ('alice', 'A', 'a@x.org'), ('bob', 'B', 'b@x.org')`,
    );
    await target.query(`insert into projects (id, name, user_id) values ('p', 'P', 'alice')`);
    await target.query(
      `insert into chat_sessions (id, project_id, name, message_count, active_leaf_id)
       values ('s', 'p', 'Chat', 2, 'm2')`,
    );
    await target.query(
      `insert into chat_messages (id, user_id, chat_session_id, seq, parent_id, depth, role, content)
       values ('m1', 'alice', 's', 1, null, 1, 'user', 'Question'),
              ('m2', 'alice', 's', 2, 'm1', 2, 'assistant', 'Answer')`,
    );

    await target.migrate(ALL);

    const list = await listChatMessages(target.app, { chatSessionId: "s", userId: "alice" });
    expect(list?.messages.map((m) => [m.id, m.authorId, m.authorName])).toEqual([
      ["m1", null, null],
      ["m2", null, null],
    ]);
    expect(await target.query("select * from chat_session_shares")).toEqual([]);
    await target.query(
      `insert into chat_session_shares (chat_session_id, user_id, role, created_by)
       values ('s', 'bob', 'collaborator', 'alice')`,
    );
    expect(await sessionAccess(target.app, { sessionId: "s", userId: "bob" })).toEqual({
      ownerId: "alice",
      projectId: "p",
      role: "collaborator",
    });
    await expect(
      target.query(
        `insert into chat_session_shares (chat_session_id, user_id, role, created_by)
         values ('s', 'alice', 'owner', 'alice')`,
      ),
    ).rejects.toThrow(/chat_session_shares_role_check/);
    // Deleting the session takes its shares with it.
    await target.query("delete from chat_sessions where id = 's'");
    expect(await target.query("select * from chat_session_shares")).toEqual([]);
  });
});

describe("0010_share_links", () => {
  it("gives every session no link, and a chat made before can be shared, snapshot or live", async () => {
    await target.migrate(migrationsUpTo("0009_shares"));
    await target.query(
      `insert into "user" (id, name, email) values ('alice', 'Alice A', 'a@x.org')`,
    );
    await target.query(`insert into projects (id, name, user_id) values ('p', 'P', 'alice')`);
    await target.query(
      `insert into chat_sessions (id, project_id, name, message_count, active_leaf_id)
       values ('s', 'p', 'Chat', 4, 'm4'), ('empty', 'p', 'Empty', 0, null)`,
    );
    await target.query(
      `insert into chat_messages (id, user_id, chat_session_id, seq, parent_id, depth, role, content)
       select 'm' || g, 'alice', 's', g, case when g > 1 then 'm' || (g - 1) end, g,
              case when g % 2 = 1 then 'user' else 'assistant' end, 'Message ' || g
       from generate_series(1, 4) g`,
    );

    await target.migrate(ALL);

    for (const chatSessionId of ["s", "empty"])
      expect(await listShareLinks(target.app, { chatSessionId, userId: "alice" })).toEqual([]);
    const key = { chatSessionId: "s", userId: "alice" };
    await insertShareLink(target.app, { ...key, mode: "snapshot", token: "t".repeat(43) });
    await insertShareLink(target.app, { ...key, mode: "live", token: "u".repeat(43) });
    for (const token of ["t".repeat(43), "u".repeat(43)]) {
      const shared = await readSharedSession(target.app, { token, take: 500 });
      expect(shared?.ownerName).toBe("Alice A");
      expect(shared?.messages.map((m) => m.content)).toEqual(
        [1, 2, 3, 4].map((n) => `Message ${n}`),
      );
    }
    // Deleting the snapshot's messages takes its link with them; the live link stays.
    await target.query("delete from chat_messages where id = 'm3'");
    expect(await readSharedSession(target.app, { token: "t".repeat(43), take: 500 })).toBeNull();
    expect(
      (await listShareLinks(target.app, { chatSessionId: "s", userId: "alice" }))?.map(
        (l) => l.mode,
      ),
    ).toEqual(["live"]);
  });
});
