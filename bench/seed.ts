// Seeds the benchmark data straight into the tables with generate_series: one project of
// 10,000 sessions, three of them holding 100, 10,000 and 100,000 messages, one empty session
// that takes the writes, and two messages in every other session. Each session's messages are
// one branch (parent = the previous one), whose newest is the active leaf; the 100,000-message
// session also has 1,000 branch points: every 100th message has another version with two
// messages after it, as edits and regenerated replies leave them (3,000 more rows, off the
// active branch). The counters the app keeps (last_message_seq, message_count) and the skip
// pointers match the rows; every message is complete. The list has something to organize: a
// tag on every 10th session (the tag-filtered list's), another on every 25th (so some sessions
// carry two, in name order), a handful of old sessions pinned (they jump to the top) and every
// 25th from the 20th on archived (left out of the list, tagged ones too).
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { skipDepthsSql } from "../src/server/queries/skip-pointers";

export const SESSION_COUNT = 10_000;
/** Every TAG_EVERY-th session, from the first, carries the tag the filtered list asks for. */
export const TAG_EVERY = 10;
/** Every OTHER_TAG_EVERY-th session, from the first, carries the other tag. */
const OTHER_TAG_EVERY = 25;
/** Pinned sessions: old ones, so pinned-first lifts them above newer ones; some tagged. */
export const PINNED = [15, 250, 2001, 5000, 9990];
/**
 * Sessions g with g % ARCHIVE_EVERY = ARCHIVE_AT are archived: none of the four the bench
 * reads or writes, none pinned, half of them tagged, and two within the list's first page.
 */
const ARCHIVE_EVERY = 25;
const ARCHIVE_AT = 20;
export const ARCHIVED_COUNT = Math.floor((SESSION_COUNT - 1 - ARCHIVE_AT) / ARCHIVE_EVERY) + 1;
/** Branch points in the 100,000-message session: every BRANCH_EVERY-th message has a version. */
export const BRANCH_EVERY = 100;
export const BRANCH_POINTS = 100_000 / BRANCH_EVERY;
/** Messages in each other version: the version itself and the two after it. */
const VERSION_LENGTH = 3;

export interface Seeded {
  projectId: string;
  /** Sessions by message count: the three read targets and the write target. */
  small: string;
  medium: string;
  large: string;
  writes: string;
  messageTotal: number;
  seconds: number;
  /** The tag every TAG_EVERY-th session carries: the tag-filtered list's. */
  tag: string;
  /** Versions to switch between in the large session: [on the active branch, the other]. */
  versions: { nearEnd: [string, string]; middle: [string, string] };
}

/** Something that runs one SQL statement with positional parameters. */
type Exec = (sql: string, params?: unknown[]) => Promise<unknown>;

const PROJECT_ID = "bench_project";
const TAG_ID = "bench_tag_review";
const OTHER_TAG_ID = "bench_tag_ideas";
/** Four digits, as the SQL's lpad: room for SESSION_COUNT up to 10,000. */
const sessionId = (n: number) => `bench_s${String(n).padStart(4, "0")}`;

/** Session 0: 100 messages, 1: 10,000, 2: 100,000, 3: none (writes), others: 2. */
const MESSAGE_COUNTS =
  "case g when 0 then 100 when 1 then 10000 when 2 then 100000 when 3 then 0 else 2 end";

/** skipDepth of every depth the seed reaches, as a relation (depth, skip_depth). */
const SKIP_DEPTHS = skipDepthsSql(String(100_000 + VERSION_LENGTH));

const statements = (userId: string): [string, unknown[]][] => [
  [
    `insert into projects (id, name, description, user_id, created_at, updated_at)
     values ($1, 'Benchmark project', 'Seeded by bench/seed.ts', $2, now() - interval '30 days', now())`,
    [PROJECT_ID, userId],
  ],
  // updated_at: one minute apart, newest first, so the lean list pages through a stable order.
  [
    `insert into chat_sessions
       (id, name, name_source, project_id, last_message_seq, message_count, pinned, archived,
        created_at, updated_at)
     select 'bench_s' || lpad(g::text, 4, '0'), 'Session ' || g, 'user', $1, n, n,
            g in (${PINNED.join(", ")}), g % ${ARCHIVE_EVERY} = ${ARCHIVE_AT},
            now() - interval '30 days', now() - g * interval '1 minute'
     from generate_series(0, ${SESSION_COUNT - 1}) g,
          lateral (select ${MESSAGE_COUNTS} as n) c`,
    [PROJECT_ID],
  ],
  // "ideas" sorts before "Review" by lower(name), after it byte by byte: the tags' order counts.
  [
    `insert into tags (id, user_id, name, color)
     values ($1, $3, 'Review', 'blue'), ($2, $3, 'ideas', 'green')`,
    [TAG_ID, OTHER_TAG_ID, userId],
  ],
  [
    `insert into chat_session_tags (chat_session_id, tag_id)
     select 'bench_s' || lpad(g::text, 4, '0'), t.id
     from generate_series(0, ${SESSION_COUNT - 1}) g,
          (values ($1::text, ${TAG_EVERY}), ($2::text, ${OTHER_TAG_EVERY})) t(id, every)
     where g % t.every = 0`,
    [TAG_ID, OTHER_TAG_ID],
  ],
  // A question and an answer in turn; answers about 400 characters, questions about 80. The
  // skip pointer of message i is message skipDepth(i) (src/server/queries/skip-pointers.ts).
  [
    `insert into chat_messages
       (id, user_id, chat_session_id, seq, parent_id, depth, skip_id, role, content, status, created_at, updated_at)
     select s.id || '_m' || i, $2, s.id, i, case when i > 1 then s.id || '_m' || (i - 1) end, i,
            case when k.skip_depth > 0 then s.id || '_m' || k.skip_depth end,
            case when i % 2 = 1 then 'user' else 'assistant' end,
            case when i % 2 = 1
              then 'Question ' || i || ': how does ' || md5(s.id || i) || ' work?'
              else 'Answer ' || i || E'.\\n\\n' || repeat(md5(i::text || s.id) || ' ', 11)
            end,
            'complete',
            s.updated_at - (s.message_count - i) * interval '1 second',
            s.updated_at - (s.message_count - i) * interval '1 second'
     from chat_sessions s, generate_series(1, s.message_count) i, ${SKIP_DEPTHS} k
     where s.project_id = $1 and k.depth = i`,
    [PROJECT_ID, userId],
  ],
  // One branch per session: its newest message is the active leaf.
  [
    `update chat_sessions set active_leaf_id = id || '_m' || message_count
     where project_id = $1 and message_count > 0`,
    [PROJECT_ID],
  ],
  // The large session's other versions: beside message g, `_v<g>_0` (a new question or reply),
  // then `_v<g>_1` and `_v<g>_2` after it; the version remembers its last message as the leaf
  // to come back to, as a switch away from it records. Their ancestors above depth g are `_m`.
  [
    `insert into chat_messages
       (id, user_id, chat_session_id, seq, parent_id, depth, skip_id, role, content, status, created_at, updated_at)
     select s.id || '_v' || g || '_' || k, $2, s.id, 100000 + (g / ${BRANCH_EVERY} - 1) * ${VERSION_LENGTH} + k + 1,
            case when k = 0 then case when g > 1 then s.id || '_m' || (g - 1) end
                 else s.id || '_v' || g || '_' || (k - 1) end,
            g + k,
            case when sk.skip_depth = 0 then null
                 when sk.skip_depth >= g then s.id || '_v' || g || '_' || (sk.skip_depth - g)
                 else s.id || '_m' || sk.skip_depth end,
            case when (g + k) % 2 = 1 then 'user' else 'assistant' end,
            'Version ' || k || ' beside ' || g || ': ' || repeat(md5(g::text || k) || ' ', 4),
            'complete', s.updated_at, s.updated_at
     from chat_sessions s, generate_series(${BRANCH_EVERY}, 100000, ${BRANCH_EVERY}) g,
          generate_series(0, ${VERSION_LENGTH - 1}) k, ${SKIP_DEPTHS} sk
     where s.id = $1 and sk.depth = g + k`,
    [sessionId(2), userId],
  ],
  [
    `update chat_messages set resume_leaf_id = regexp_replace(id, '_0$', '_${VERSION_LENGTH - 1}')
     where chat_session_id = $1 and id ~ '_v[0-9]+_0$'`,
    [sessionId(2)],
  ],
  [
    `update chat_sessions set last_message_seq = 100000 + ${BRANCH_POINTS * VERSION_LENGTH}
     where id = $1`,
    [sessionId(2)],
  ],
];

/** What autovacuum would have done by the time a database looks like this. */
export const VACUUM =
  "vacuum (analyze) projects, chat_sessions, chat_messages, tags, chat_session_tags";

/** Runs the seed statements through `exec` (the app's own connection, in bench/branches.ts). */
export async function seedWith(exec: Exec, userId: string): Promise<Seeded> {
  const started = performance.now();
  for (const [sql, params] of statements(userId)) await exec(sql, params);
  return {
    projectId: PROJECT_ID,
    small: sessionId(0),
    medium: sessionId(1),
    large: sessionId(2),
    writes: sessionId(3),
    tag: TAG_ID,
    messageTotal: 100 + 10_000 + 100_000 + BRANCH_POINTS * VERSION_LENGTH + (SESSION_COUNT - 4) * 2,
    seconds: (performance.now() - started) / 1000,
    versions: {
      nearEnd: [`${sessionId(2)}_m99900`, `${sessionId(2)}_v99900_0`],
      middle: [`${sessionId(2)}_m50000`, `${sessionId(2)}_v50000_0`],
    },
  };
}

/** Seeds a PostgreSQL database the app has already migrated, then vacuums and checkpoints. */
export async function seedPostgres(connectionString: string, userId: string): Promise<Seeded> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("begin");
    const seeded = await seedWith((sql, params) => client.query(sql, params), userId);
    await client.query("commit");
    await client.query(VACUUM);
    await client.query("checkpoint");
    return seeded;
  } finally {
    await client.end();
  }
}

/** Seeds the app's PGlite folder (CRAFT_DATA_DIR/pglite) while the app is stopped. */
export async function seedPglite(dataDir: string, userId: string): Promise<Seeded> {
  const db = await PGlite.create(path.join(dataDir, "pglite"));
  try {
    const seeded = await db.transaction((tx) =>
      seedWith((sql, params) => tx.query(sql, params), userId),
    );
    await db.exec(VACUUM);
    await db.exec("checkpoint");
    return seeded;
  } finally {
    await db.close();
  }
}

/** Creates an empty database next to the one the admin URL names; returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

/** `select version()` of the server behind a URL. */
export async function serverVersion(connectionString: string): Promise<string> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>("select version()");
    return rows[0]?.version ?? "unknown";
  } finally {
    await client.end();
  }
}

/** The user id behind a Better Auth session cookie (`name=token.signature`). */
export async function userIdOfCookie(connectionString: string, cookie: string): Promise<string> {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  const token = value.slice(0, value.lastIndexOf("."));
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ user_id: string }>(
      "select user_id from session where token = $1",
      [token],
    );
    const id = rows[0]?.user_id;
    if (!id) throw new Error("no session row for the sign-up cookie");
    return id;
  } finally {
    await client.end();
  }
}

/**
 * One linear branch of `length` messages of `messageChars` characters written directly, with
 * its skip pointers (one row per depth of skipDepthsSql) and the session's counters, as the
 * app would have written it. Message ids are `prefix` + depth.
 */
export async function seedLinearBranch(
  exec: Exec,
  {
    userId,
    sessionId,
    prefix,
    length,
    messageChars,
  }: { userId: string; sessionId: string; prefix: string; length: number; messageChars: number },
): Promise<void> {
  await exec(
    `insert into chat_messages
       (id, user_id, chat_session_id, seq, parent_id, depth, skip_id, role, content, created_at)
     select $3::text || d.depth, $1, $2, d.depth,
            case when d.depth > 1 then $3::text || (d.depth - 1) end, d.depth,
            case when d.skip_depth > 0 then $3::text || d.skip_depth end,
            case when d.depth % 2 = 1 then 'user' else 'assistant' end,
            rpad('Message ' || d.depth || ': ', $4::int, 'lorem ipsum dolor sit amet '),
            now() - make_interval(secs => $5::int - d.depth)
     from ${skipDepthsSql("$5::int")} d`,
    [userId, sessionId, prefix, messageChars, length],
  );
  await exec(
    `update chat_sessions set message_count = $2::int, last_message_seq = $2::int,
       active_leaf_id = $3::text || $2::int where id = $1`,
    [sessionId, length, prefix],
  );
}
