import fs from "node:fs";
import os from "node:os";
import { inProcessApp, percentile, runPerConfig } from "./lib";
import { createDatabase, dropDatabase } from "./seed";

const env = process.env;
const ROUNDS = Number(env.SEARCH_ROUNDS ?? 200);
const WARMUP = Math.max(5, Math.round(ROUNDS / 10));
const SCAN_ROUNDS = Number(env.SEARCH_SCAN_ROUNDS ?? 5);
const WRITES = Number(env.SEARCH_WRITES ?? 500);
const PG_ADMIN_URL = env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SESSION_LENGTH = 100;
const PROJECTS_PER_USER = 10;
const LONG_SESSION = 100_000;
/** Messages per chunk of the load: one statement each. */
const CHUNK = 100_000;

/** Words found in about 1 of 20,000 messages each (about 50 per user per million). */
const RARE = ["quokka", "axolotl", "pangolin", "narwhal", "okapi"];
/** Words found in about 10% of messages each. */
const COMMON = ["deploy", "docker", "render"];

interface Row {
  label: string;
  p50: number;
  p99: number;
  mean: number;
  n: number;
}

if (!env.SEARCH_CONFIG) {
  const configs = (env.BENCH_CONFIGS ?? "postgres,pglite").split(",").map((c) => c.trim());
  console.log(
    `# Search benchmark, ${new Date().toISOString()}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, ${os.cpus().length} CPUs`,
  );
  runPerConfig("bench/search.ts", "SEARCH_CONFIG", configs);
} else {
  await measure(env.SEARCH_CONFIG);
}

function stats(label: string, samples: number[]): Row {
  return {
    label,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    n: samples.length,
  };
}

async function measure(config: string) {
  const perUser = Number(
    (config === "pglite" ? env.SEARCH_MESSAGES_PGLITE : undefined) ??
      env.SEARCH_MESSAGES ??
      1_000_000,
  );
  const { dataDir, dbName } = inProcessApp("search", {
    // The 100,000-message session's `around` walks take a while on a busy machine.
    DB_QUERY_TIMEOUT_MS: "120000",
  });
  if (config === "postgres") env.DATABASE_URL = await createDatabase(PG_ADMIN_URL, dbName);
  else delete env.DATABASE_URL;

  const { send, client } = await import("../tests/helpers/app");
  const { getDatabase, closeDatabase } = await import("../src/server/db");
  try {
    const { db } = await getDatabase();
    const raw = (
      db as unknown as {
        $client: { query: (s: string, p?: unknown[]) => Promise<{ rows: unknown[] }> };
      }
    ).$client;
    const rows = async <T>(sql: string, params?: unknown[]) =>
      (await raw.query(sql, params)).rows as T[];
    const exec = async (sql: string, params?: unknown[]) => {
      await raw.query(sql, params);
    };

    const users: { cookie: string; userId: string; key: string }[] = [];
    for (const key of ["a", "b"]) {
      const res = await send("POST", "/api/auth/sign-up/email", undefined, {
        body: { name: key, email: `${key}@example.com`, password: "correct horse battery" },
      });
      const cookie = res.headers.getSetCookie()[0]?.split(";")[0] ?? "";
      const userId = ((await res.json()) as { user: { id: string } }).user.id;
      users.push({ cookie, userId, key });
    }

    // ---------------------------------------------------------------- seed
    const started = performance.now();
    await seed(exec, users, perUser);
    const seedSeconds = (performance.now() - started) / 1000;
    const indexStarted = performance.now();
    await exec(
      `create index "chat_messages_search_idx" on "chat_messages" using gin ("search_vector")`,
    );
    await exec(
      `create index "chat_messages_user_id_created_at_idx" on "chat_messages" using btree ("user_id","created_at","id")`,
    );
    await exec(
      `create index "chat_sessions_name_search_idx" on "chat_sessions" using gin ("name_search")`,
    );
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    await exec("vacuum (analyze) projects, chat_sessions, chat_messages");
    const [counted] = await rows<{ total: number }>(
      "select count(*)::int as total from chat_messages",
    );
    const total = counted?.total ?? 0;
    const [counts] = await rows<Record<string, number>>(
      `select ${[...RARE, ...COMMON]
        .map(
          (w) =>
            `(select count(*)::int from chat_messages where user_id = $1 and search_vector @@ to_tsquery('simple', '${w}')) as "${w}"`,
        )
        .join(", ")}`,
      [users[0]?.userId],
    );
    console.log(
      `\n## ${config}: ${total.toLocaleString("en-US")} messages (${perUser.toLocaleString("en-US")} per user + ${LONG_SESSION.toLocaleString("en-US")} in one session) seeded in ${seedSeconds.toFixed(0)} s, indexes built in ${indexSeconds.toFixed(0)} s; ${ROUNDS} rounds per search row after ${WARMUP} warm-up rounds, ${SCAN_ROUNDS} per ILIKE row; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}\n`,
    );
    console.log(`Matches per word for the first user: ${JSON.stringify(counts)}\n`);

    const alice = client(users[0]?.cookie);
    const results: Row[] = [];
    const time = async (
      label: string,
      rounds: number,
      warmup: number,
      run: (i: number) => Promise<void>,
    ) => {
      const samples: number[] = [];
      for (let i = 0; i < warmup + rounds; i++) {
        const t = performance.now();
        await run(i);
        if (i >= warmup) samples.push(performance.now() - t);
      }
      const row = stats(label, samples);
      results.push(row);
      console.log(`  ${label}: p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms`);
      return row;
    };
    const searchOk = async (query: string) => {
      const res = await alice.get(`/api/search?${query}`);
      if (res.status !== 200)
        throw new Error(`search ${query}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { results: unknown[]; nextCursor: string | null };
    };
    const rare = (i: number) => RARE[i % RARE.length] as string;
    const common = (i: number) => COMMON[i % COMMON.length] as string;

    const firstProject = "p_a_0";
    await time("Rare word (~50 matches), best first", ROUNDS, WARMUP, async (i) => {
      await searchOk(`q=${rare(i)}`);
    });
    await time("Rare word, newest first", ROUNDS, WARMUP, async (i) => {
      await searchOk(`q=${rare(i)}&order=newest`);
    });
    await time("Word in 10% of messages, best first", ROUNDS, WARMUP, async (i) => {
      await searchOk(`q=${common(i)}`);
    });
    await time("Word in 10% of messages, newest first", ROUNDS, WARMUP, async (i) => {
      await searchOk(`q=${common(i)}&order=newest`);
    });
    await time("Two words (a 10% one and a rare one), best first", ROUNDS, WARMUP, async (i) => {
      await searchOk(`q=${common(i)}+${rare(i)}`);
    });
    await time("Two 10% words, best first", ROUNDS, WARMUP, async (i) => {
      await searchOk(`q=${common(i)}+${common(i + 1)}`);
    });
    await time("Word in 10%, one project of ten, best first", ROUNDS, WARMUP, async (i) => {
      await searchOk(`q=${common(i)}&projectId=${firstProject}`);
    });
    const cursors = new Map<string, string>();
    for (const word of COMMON)
      cursors.set(word, ((await searchOk(`q=${word}`)) as { nextCursor: string }).nextCursor);
    await time("Word in 10%, best first, second page (cursor)", ROUNDS, WARMUP, async (i) => {
      await searchOk(`q=${common(i)}&cursor=${cursors.get(common(i))}`);
    });
    // ILIKE, the anchors' way: the user's messages whose text contains the word, newest first
    // (given the same (user_id, created_at) index, which Open WebUI does not have).
    const ilike = (word: string) =>
      rows(
        `select m.id, m.chat_session_id, m.content from chat_messages m
         where m.user_id = $1 and m.content ilike $2
         order by m.created_at desc, m.id desc limit 21`,
        [users[0]?.userId, `%${word}%`],
      );
    const scanRare = await time(
      "ILIKE scan: rare word, newest first",
      SCAN_ROUNDS,
      1,
      async (i) => {
        await ilike(rare(i));
      },
    );
    const scanCommon = await time(
      "ILIKE scan: word in 10%, newest first",
      ROUNDS,
      WARMUP,
      async (i) => {
        await ilike(common(i));
      },
    );

    // Opening a hit: the page around a message of the 100,000-message session.
    const long = "s_a_long";
    for (const [label, depth] of [
      ["near the end (100 from the newest)", LONG_SESSION - 100],
      ["in the middle (50,000 from the newest)", LONG_SESSION / 2],
      ["at the start (100,000 from the newest)", 2],
    ] as const) {
      await time(`Open a hit ${label}: around, 50 messages`, Math.min(ROUNDS, 50), 3, async () => {
        const res = await alice.get(
          `/api/chat-messages?chatSessionId=${long}&around=${long}_m${depth}&limit=50`,
        );
        if (res.status !== 200)
          throw new Error(`around: ${res.status} ${JSON.stringify(res.body)}`);
      });
    }

    // ---------------------------------------------------------------- sizes
    const [sizes] = await rows<Record<string, string>>(`select
      pg_relation_size('chat_messages_search_idx') as gin,
      pg_relation_size('chat_messages_user_id_created_at_idx') as btree,
      pg_relation_size('chat_sessions_name_search_idx') as names,
      pg_relation_size('chat_messages') as heap,
      pg_total_relation_size('chat_messages') as total,
      (select sum(pg_column_size(search_vector)) from chat_messages) as vectors,
      (select sum(pg_column_size(content)) from chat_messages) as contents`);
    const mb = (v: string | undefined) => `${(Number(v) / 1024 / 1024).toFixed(0)} MB`;

    // ---------------------------------------------------------------- writes
    const writeSession = "s_a_0";
    const write = (label: string) =>
      time(label, WRITES, Math.max(10, WRITES / 10), async (i) => {
        const res = await alice.post("/api/chat-messages", {
          chatSessionId: writeSession,
          role: i % 2 === 0 ? "user" : "assistant",
          content:
            i % 2 === 0
              ? `Question ${i}: how do I deploy the docker image to render?`
              : `Answer ${i}. Build the image, push it, then point the service at it. `.repeat(6),
        });
        if (res.status !== 201) throw new Error(`write: ${res.status}`);
      });
    const bulk = async (label: string, offset: number) => {
      const n = 20_000;
      const t = performance.now();
      await exec(
        `insert into chat_messages (id, user_id, chat_session_id, seq, parent_id, depth, role, content, status)
         select 'bulk_' || ($3::int + g), $1, $2, $3::int + g, null, 1, 'assistant',
                'Answer ' || g || '. Build the image, push it, then point the service at it. ' ||
                repeat('Deploy the docker image to render and watch the logs. ', 5), 'complete'
         from generate_series(1, ${n}) g`,
        [users[1]?.userId, "s_b_1", offset],
      );
      const seconds = (performance.now() - t) / 1000;
      console.log(`  ${label}: ${(n / seconds).toFixed(0)} rows/s`);
      return n / seconds;
    };
    const withIndex = await write("POST a message, with the search index");
    const bulkWith = await bulk("Bulk insert of 20,000 rows, with the search index", 1_000_000);
    // Today's table: no generated column, no search indexes.
    await exec("drop index chat_messages_search_idx");
    await exec("drop index chat_messages_user_id_created_at_idx");
    await exec("alter table chat_messages drop column search_vector");
    await exec("vacuum (analyze) chat_messages");
    const withoutIndex = await write("POST a message, without (column and indexes dropped)");
    const bulkWithout = await bulk("Bulk insert of 20,000 rows, without", 2_000_000);

    // ---------------------------------------------------------------- report
    console.log(
      `\n| Operation | p50 ms | p99 ms | mean ms | n |\n| --- | ---: | ---: | ---: | ---: |`,
    );
    for (const r of results)
      console.log(
        `| ${r.label} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.mean.toFixed(2)} | ${r.n} |`,
      );
    const by = (label: string) => results.find((r) => r.label === label) as Row;
    console.log(
      `\n- ILIKE scan / search, rare word newest first: **${(scanRare.p50 / by("Rare word, newest first").p50).toFixed(0)}×**; ` +
        `word in 10%: **${(scanCommon.p50 / by("Word in 10% of messages, newest first").p50).toFixed(2)}×**`,
    );
    console.log(
      `- Writes, POST p50 with / without the index: **${(withIndex.p50 / withoutIndex.p50).toFixed(2)}×** ` +
        `(mean ${(withIndex.mean / withoutIndex.mean).toFixed(2)}×, p99 ${withIndex.p99.toFixed(1)} / ${withoutIndex.p99.toFixed(1)} ms); ` +
        `bulk insert rows/s with / without: **${(bulkWith / bulkWithout).toFixed(2)}×**`,
    );
    console.log(
      `- On disk: GIN ${mb(sizes?.gin)}, (user_id, created_at) btree ${mb(sizes?.btree)}, names GIN ${mb(sizes?.names)}; ` +
        `the stored vectors ${mb(sizes?.vectors)} of a ${mb(sizes?.heap)} heap (contents ${mb(sizes?.contents)}; table with indexes and TOAST ${mb(sizes?.total)})`,
    );
  } finally {
    await closeDatabase();
    if (config === "postgres") await dropDatabase(PG_ADMIN_URL, dbName);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The bench data: per user, PROJECTS_PER_USER projects and perUser / 100 sessions of 100
 * messages (one branch each, the newest the active leaf), their text drawn from a vocabulary
 * of common words and a long tail; the rare and common words added to some. The first user
 * also gets a LONG_SESSION-message session. Search indexes are dropped for the load.
 */
async function seed(
  exec: (sql: string, params?: unknown[]) => Promise<void>,
  users: { userId: string; key: string }[],
  perUser: number,
) {
  await exec("drop index chat_messages_search_idx");
  await exec("drop index chat_messages_user_id_created_at_idx");
  await exec("drop index chat_sessions_name_search_idx");
  // 16,384 sentences of 8 to 15 words: a third common words (English and code), the rest a
  // long tail (w0 … w29999, the low numbers far more frequent).
  await exec(`create table bench_sentences (n int primary key, s text not null)`);
  await exec(`insert into bench_sentences
    select n, (select string_agg(case when r < 0.35
        then (array['the','a','to','of','and','in','is','it','you','that','for','on','with',
          'this','be','as','can','use','function','component','error','file','state','data',
          'return','import','value','type','const','server','request','query','index','table',
          'build','test','page','route','api','client'])[1 + floor(r / 0.35 * 40)::int]
        else 'w' || floor(power((r - 0.35) / 0.65, 2.5) * 30000)::int end, ' ')
      from (select random() as r, n as nn from generate_series(1, 8 + (n % 8))) x)
    from generate_series(0, 16383) n`);
  const sessions = perUser / SESSION_LENGTH;
  for (const { userId, key } of users) {
    await exec(
      `insert into projects (id, name, user_id)
       select 'p_${key}_' || g, 'Project ' || g, $1 from generate_series(0, ${PROJECTS_PER_USER - 1}) g`,
      [userId],
    );
    // Names from the vocabulary too: "Session 12: build w812 error".
    await exec(
      `insert into chat_sessions (id, name, name_source, project_id, last_message_seq, message_count,
         active_leaf_id, created_at, updated_at)
       select 's_${key}_' || g, 'Session ' || g || ': ' || split_part(s.s, ' ', 1) || ' ' || split_part(s.s, ' ', 2),
         'user', 'p_${key}_' || (g % ${PROJECTS_PER_USER}), ${SESSION_LENGTH}, ${SESSION_LENGTH},
         's_${key}_' || g || '_m' || ${SESSION_LENGTH},
         timestamp '2026-01-01' + g * ${SESSION_LENGTH} * interval '10 seconds',
         timestamp '2026-01-01' + (g + 1) * ${SESSION_LENGTH} * interval '10 seconds'
       from generate_series(0, ${sessions - 1}) g join bench_sentences s on s.n = hashint4(g + 7) & 16383`,
    );
    for (let from = 0; from < perUser; from += CHUNK) {
      await exec(
        messagesInsert(
          `'s_${key}_' || (g / ${SESSION_LENGTH})`,
          `(g % ${SESSION_LENGTH}) + 1`,
          "g",
        ),
        [userId, from, Math.min(perUser, from + CHUNK) - 1],
      );
    }
  }
  const first = users[0];
  if (!first) return;
  await exec(
    `insert into chat_sessions (id, name, name_source, project_id, last_message_seq, message_count, active_leaf_id, created_at, updated_at)
     values ('s_a_long', 'The long session', 'user', 'p_a_0', ${LONG_SESSION}, ${LONG_SESSION}, 's_a_long_m${LONG_SESSION}', now(), now())`,
  );
  for (let from = 1; from <= LONG_SESSION; from += CHUNK)
    await exec(messagesInsert(`'s_a_long'`, "g", `${perUser} + g`), [
      first.userId,
      from,
      Math.min(LONG_SESSION, from + CHUNK - 1),
    ]);
  await exec("drop table bench_sentences");
}

/**
 * Messages $2 … $3 (g) of user $1: ids `<session>_m<position>`, each after the one before in
 * its session; a question and an answer in turn (answers five sentences, about 400
 * characters); the rare and common words added to some.
 */
function messagesInsert(session: string, position: string, order: string) {
  const rare = RARE.map(
    (w, i) => `case when hashint4(${order} * 7 + ${i}) % 20011 = 0 then ' ${w}' else '' end`,
  ).join(" || ");
  const common = COMMON.map(
    (w, i) =>
      `case when (hashint4(${order} * 3 + ${i + 11}) & 2147483647) % 10 = 0 then ' ${w}' else '' end`,
  ).join(" || ");
  return `insert into chat_messages
      (id, user_id, chat_session_id, seq, parent_id, depth, role, content, status, created_at, updated_at)
    select ${session} || '_m' || ${position}, $1, ${session}, ${position},
      case when ${position} > 1 then ${session} || '_m' || (${position} - 1) end, ${position},
      case when ${position} % 2 = 1 then 'user' else 'assistant' end,
      case when ${position} % 2 = 1 then s1.s || '?'
        else s1.s || '. ' || s2.s || '. ' || s3.s || '. ' || s4.s || '. ' || s5.s || '.' end
        || ${rare} || ${common},
      'complete',
      timestamp '2026-01-01' + (${order}) * interval '10 seconds',
      timestamp '2026-01-01' + (${order}) * interval '10 seconds'
    from generate_series($2::int, $3::int) g
    join bench_sentences s1 on s1.n = hashint4(g) & 16383
    join bench_sentences s2 on s2.n = hashint4(g + 1) & 16383
    join bench_sentences s3 on s3.n = hashint4(g + 2) & 16383
    join bench_sentences s4 on s4.n = hashint4(g + 3) & 16383
    join bench_sentences s5 on s5.n = hashint4(g + 4) & 16383`;
}
