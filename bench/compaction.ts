// npm run bench:compaction — a reply's time to first token in a 10,000-message session, whose
// context is the running summary and the newest messages that fit, against a 10-message one;
// and the same while a summary is being made after every reply. Drives the route handlers in
// process (like bench:branches) against a local OpenAI-compatible server, on PostgreSQL and
// PGlite, each in a child process of its own.
import { inProcessApp, percentile, rawExec, runPerConfig, signUpInProcess } from "./lib";
import { createDatabase, dropDatabase, seedLinearBranch } from "./seed";

const env = process.env;
const ROUNDS = Number(env.BENCH_COMPACTION_ROUNDS ?? 200);
const WARMUP = Math.max(10, Math.round(ROUNDS / 10));
const PG_ADMIN_URL = env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const LONG = 10_000;
const SHORT = 10;
/** Characters per seeded message: the 48,000-character budget holds about 120 of them. */
const MESSAGE_CHARS = 400;

if (!env.COMPACTION_CONFIG) {
  const configs = (env.BENCH_CONFIGS ?? "postgres,pglite").split(",").map((c) => c.trim());
  runPerConfig("bench/compaction.ts", "COMPACTION_CONFIG", configs);
} else {
  await measure(env.COMPACTION_CONFIG);
}

async function measure(config: string) {
  const { dbName } = inProcessApp("compaction");
  const { startFakeOpenAI } = await import("../tests/helpers/fake-openai");
  const fake = await startFakeOpenAI();
  fake.behaviour = { words: Array.from({ length: 20 }, (_, i) => `word${i}`), delayMs: 0 };
  Object.assign(env, {
    AI_PROVIDER: "openai-compatible",
    AI_BASE_URL: fake.url,
    AI_MODEL: "bench-model",
  });
  if (config === "postgres") env.DATABASE_URL = await createDatabase(PG_ADMIN_URL, dbName);
  else delete env.DATABASE_URL;

  // Imported once the environment is set.
  const { send, client } = await import("../tests/helpers/app");
  const { getDatabase, closeDatabase } = await import("../src/server/db");
  const { repliesSettled } = await import("../tests/helpers/chat");
  const { summaryRunsSettled } = await import("../src/server/summaries/summarize-session");
  try {
    const { db } = await getDatabase();
    const { cookie, userId } = await signUpInProcess(send);
    const user = client(cookie);
    const exec = rawExec(db);
    const projectId = (
      (await user.post("/api/projects", { name: "Bench" })).body as {
        project: { id: string };
      }
    ).project.id;
    const newSession = async () =>
      (
        (await user.post("/api/chat-sessions", { projectId })).body as {
          chatSession: { id: string };
        }
      ).chatSession.id;

    const started = performance.now();
    const short = await newSession();
    const long = await newSession();
    const catchingUp = await newSession();
    await seedSummarizedBranch(exec, {
      userId,
      sessionId: short,
      prefix: "s",
      length: SHORT,
      summaryAt: SHORT,
    });
    await seedSummarizedBranch(exec, {
      userId,
      sessionId: long,
      prefix: "l",
      length: LONG,
      summaryAt: LONG,
    });
    // Its newest summary is 20 messages behind: every reply starts a summary run.
    await seedSummarizedBranch(exec, {
      userId,
      sessionId: catchingUp,
      prefix: "c",
      length: LONG,
      summaryAt: LONG - 20,
    });
    await exec("vacuum (analyze) chat_sessions, chat_messages, chat_summaries");
    console.log(
      `\n## ${config}: sessions of ${SHORT} and 2 × ${LONG.toLocaleString("en-US")} messages ` +
        `(${MESSAGE_CHARS} characters each) seeded in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s; ${ROUNDS} rounds after ${WARMUP} warm-up\n`,
    );

    /** Time to the first text-delta of a question put under the branch's last message. */
    const firstToken = async (sessionId: string, parentId: string, i: number) => {
      const t = performance.now();
      const res = await user.stream("/api/chat", {
        chatSessionId: sessionId,
        parentId,
        message: {
          id: `q-${sessionId}-${i}`,
          role: "user",
          parts: [{ type: "text", text: `Question ${i}` }],
        },
      });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let seen = "";
      while (!seen.includes('"type":"text-delta"')) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`chat ${res.status}: ${seen.slice(0, 300)}`);
        seen += decoder.decode(value, { stream: true });
      }
      const elapsed = performance.now() - t;
      while (!(await reader.read()).done) {}
      return elapsed;
    };

    // Each question goes under the same last message (a new version each time), so every
    // round sees the same branch length. The three take turns, round by round.
    const rows: [string, string, string][] = [
      [`${SHORT}-message session (all of it fits)`, short, `s${SHORT}`],
      [
        `${LONG.toLocaleString("en-US")}-message session: summary + newest messages`,
        long,
        `l${LONG}`,
      ],
      [
        `${LONG.toLocaleString("en-US")}-message session, a summary run after every reply`,
        catchingUp,
        `c${LONG}`,
      ],
    ];
    const samples = rows.map((): number[] => []);
    const summaryRequestsBefore = fake.requests.filter((r) => !r.stream).length;
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      for (const [n, [, sessionId, parentId]] of rows.entries()) {
        const elapsed = await firstToken(sessionId, parentId, i);
        if (i >= WARMUP) samples[n]?.push(elapsed);
      }
      await repliesSettled(30_000);
    }
    await summaryRunsSettled();
    const summaryRuns = fake.requests.filter((r) => !r.stream).length - summaryRequestsBefore;
    const context = fake.requests.filter((r) => r.stream).at(-2);
    const system = String(context?.messages[0]?.content ?? "");

    console.log("| Reply | p50 | p99 | mean |\n| --- | --- | --- | --- |");
    for (const [n, [label]] of rows.entries()) {
      const s = samples[n] ?? [];
      const mean = s.reduce((a, b) => a + b, 0) / s.length;
      console.log(
        `| ${label} | ${percentile(s, 50).toFixed(2)} ms | ${percentile(s, 99).toFixed(2)} ms | ${mean.toFixed(2)} ms |`,
      );
    }
    console.log(
      `\nThe long session's context: ${(context?.messages.length ?? 1) - 1} messages and ` +
        `${system.includes("Earlier in this conversation") ? "the summary" : "NO summary"} in the system prompt. ` +
        `Summary requests the model server got during the rounds: ${summaryRuns}.`,
    );
  } finally {
    await closeDatabase();
    await fake.close();
    if (config === "postgres") await dropDatabase(PG_ADMIN_URL, dbName);
  }
}

/**
 * One linear branch of `length` messages (seedLinearBranch), with a
 * checkpoint every 10 messages up to `summaryAt`, as the summarizer would have left them, the
 * deepest shown as the session's summary.
 */
async function seedSummarizedBranch(
  exec: (sql: string, params?: unknown[]) => Promise<void>,
  {
    userId,
    sessionId,
    prefix,
    length,
    summaryAt,
  }: { userId: string; sessionId: string; prefix: string; length: number; summaryAt: number },
) {
  await seedLinearBranch(exec, {
    userId,
    sessionId,
    prefix,
    length,
    messageChars: MESSAGE_CHARS,
  });
  await exec(
    `insert into chat_summaries (id, user_id, through_id, message_count, text, key_points)
     select $2::text || 'sum' || g, $1, $2::text || g, g,
            'The user and the assistant went through ' || g || ' messages about a parser.',
            '["a key point", "another key point"]'::jsonb
     from generate_series(10, $3::int, 10) g`,
    [userId, prefix, summaryAt],
  );
  await exec(
    `update chat_sessions set
       summary = 'The user and the assistant went through ' || $3::int || ' messages about a parser.',
       summary_through_id = $2::text || $3::int, summary_message_count = $3::int,
       summary_updated_at = now()
     where id = $1`,
    [sessionId, prefix, summaryAt],
  );
}
