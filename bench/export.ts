// npm run bench:export — the account export (GET /api/export, NDJSON) of 1,000,000 messages
// (100 sessions × 10,000, in 10 projects) and one 100,000-message session's JSON export:
// time to first byte, throughput and the process's RSS growth while it streams. Drives the
// route handlers in process (like bench:compaction), on PostgreSQL and PGlite, each in a child
// process of its own. PGlite runs inside the process, so its RSS includes the database's.
import { spawnSync } from "node:child_process";
import { inProcessApp, rawExec, signUpInProcess } from "./lib";
import { createDatabase, dropDatabase, seedLinearBranch } from "./seed";

const env = process.env;
const PG_ADMIN_URL = env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PROJECTS = 10;
const SESSIONS_PER_PROJECT = 10;
const MESSAGES_PER_SESSION = Number(env.BENCH_EXPORT_MESSAGES ?? 10_000);
const LONG_SESSION = Number(env.BENCH_EXPORT_LONG ?? 100_000);
/** Characters per seeded message, about a short paragraph. */
const MESSAGE_CHARS = 200;

if (!env.EXPORT_CONFIG) {
  for (const config of (env.BENCH_CONFIGS ?? "postgres,pglite").split(",")) {
    const child = spawnSync(
      process.execPath,
      ["--conditions=react-server", "--expose-gc", "--import", "tsx", "bench/export.ts"],
      { env: { ...env, EXPORT_CONFIG: config.trim() }, stdio: "inherit" },
    );
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
} else {
  await measure(env.EXPORT_CONFIG);
}

async function measure(config: string) {
  // A seeding statement writes up to 100,000 rows: on a busy machine it outlasts 15 s.
  const { dbName } = inProcessApp("export", { DB_QUERY_TIMEOUT_MS: "600000" });
  if (config === "postgres") env.DATABASE_URL = await createDatabase(PG_ADMIN_URL, dbName);
  else delete env.DATABASE_URL;
  const { send, client } = await import("../tests/helpers/app");
  const { getDatabase, closeDatabase } = await import("../src/server/db");
  try {
    const { db } = await getDatabase();
    const { cookie, userId } = await signUpInProcess(send);
    const user = client(cookie);
    const exec = rawExec(db);

    const started = performance.now();
    const newProject = async (name: string) =>
      ((await user.post("/api/projects", { name })).body as { project: { id: string } }).project.id;
    const newSession = async (projectId: string) =>
      (
        (await user.post("/api/chat-sessions", { projectId })).body as {
          chatSession: { id: string };
        }
      ).chatSession.id;
    let sessionNumber = 0;
    for (let p = 0; p < PROJECTS; p++) {
      const projectId = await newProject(`Bench ${p}`);
      for (let s = 0; s < SESSIONS_PER_PROJECT; s++) {
        sessionNumber += 1;
        await seedLinearBranch(exec, {
          messageChars: MESSAGE_CHARS,
          userId,
          sessionId: await newSession(projectId),
          prefix: `s${sessionNumber}-`,
          length: MESSAGES_PER_SESSION,
        });
      }
    }
    const account = PROJECTS * SESSIONS_PER_PROJECT * MESSAGES_PER_SESSION;
    // A second user's one long session: it is not in the first user's account export.
    const { cookie: longCookie, userId: longUserId } = await signUpInProcess(send, {
      name: "Long",
      email: "long@example.com",
    });
    const longUser = client(longCookie);
    const longProject = (
      (await longUser.post("/api/projects", { name: "Long" })).body as { project: { id: string } }
    ).project.id;
    const longSession = (
      (await longUser.post("/api/chat-sessions", { projectId: longProject })).body as {
        chatSession: { id: string };
      }
    ).chatSession.id;
    await seedLinearBranch(exec, {
      messageChars: MESSAGE_CHARS,
      userId: longUserId,
      sessionId: longSession,
      prefix: "l",
      length: LONG_SESSION,
    });
    await exec("vacuum (analyze) chat_sessions, chat_messages");
    console.log(
      `\n## ${config}: ${account.toLocaleString("en-US")} messages (${PROJECTS} projects × ` +
        `${SESSIONS_PER_PROJECT} sessions × ${MESSAGES_PER_SESSION.toLocaleString("en-US")}) and ` +
        `a ${LONG_SESSION.toLocaleString("en-US")}-message session, ${MESSAGE_CHARS} characters ` +
        `each, seeded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );

    console.log(
      "| Export | first byte | time | size | throughput | messages/s | RSS growth (peak) | heap / buffers (peak) | held after GC |\n" +
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    const accountRun = await download(() => send("GET", "/api/export", cookie));
    report(`Account, NDJSON (${account.toLocaleString("en-US")} messages)`, accountRun, account);
    const sessionRun = await download(() =>
      send("GET", `/api/chat-sessions/${longSession}/export?format=json`, longCookie),
    );
    report(
      `One session, JSON (${LONG_SESSION.toLocaleString("en-US")} messages)`,
      sessionRun,
      LONG_SESSION,
    );
    const markdownRun = await download(() =>
      send("GET", `/api/chat-sessions/${longSession}/export?format=markdown`, longCookie),
    );
    report(
      `One session, Markdown (${LONG_SESSION.toLocaleString("en-US")} messages)`,
      markdownRun,
      LONG_SESSION,
    );
    if (
      accountRun.lastLine !==
      `{"type":"end","projects":${PROJECTS},"sessions":${PROJECTS * SESSIONS_PER_PROJECT},"messages":${account}}`
    )
      throw new Error(`the account export ended with ${accountRun.lastLine}`);
  } finally {
    await closeDatabase();
    if (config === "postgres") await dropDatabase(PG_ADMIN_URL, dbName);
  }
}

interface Run {
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  rssGrowth: number;
  /** The JavaScript heap and the buffers outside it, at their peaks. */
  heapGrowth: number;
  buffersGrowth: number;
  /** What is still held once a full collection has run after the download: a leak shows here. */
  retained: number;
  lastLine: string;
}

/** Reads a download to its end as a client would, sampling the RSS every 50 ms. */
async function download(request: () => Promise<Response>): Promise<Run> {
  globalThis.gc?.();
  const start = process.memoryUsage();
  const before = start.rss;
  let peak = before;
  let heapPeak = start.heapUsed;
  let buffersPeak = start.arrayBuffers;
  const sample = () => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss);
    heapPeak = Math.max(heapPeak, now.heapUsed);
    buffersPeak = Math.max(buffersPeak, now.arrayBuffers);
  };
  const sampler = setInterval(sample, 50);
  const t = performance.now();
  const res = await request();
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
  const reader = res.body.getReader();
  let firstByteMs = 0;
  let bytes = 0;
  let tail = new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes === 0) firstByteMs = performance.now() - t;
    bytes += value.byteLength;
    tail = value;
  }
  const totalMs = performance.now() - t;
  clearInterval(sampler);
  sample();
  const lines = new TextDecoder().decode(tail).trimEnd().split("\n");
  globalThis.gc?.();
  const after = process.memoryUsage();
  return {
    firstByteMs,
    totalMs,
    bytes,
    rssGrowth: peak - before,
    heapGrowth: heapPeak - start.heapUsed,
    buffersGrowth: buffersPeak - start.arrayBuffers,
    retained: after.heapUsed + after.arrayBuffers - start.heapUsed - start.arrayBuffers,
    lastLine: lines.at(-1) ?? "",
  };
}

function mib(bytes: number) {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

function report(label: string, run: Run, messages: number) {
  const mb = run.bytes / 1e6;
  const seconds = run.totalMs / 1000;
  console.log(
    `| ${label} | ${run.firstByteMs.toFixed(1)} ms | ${seconds.toFixed(1)} s | ${mb.toFixed(1)} MB | ` +
      `${(mb / seconds).toFixed(1)} MB/s | ${Math.round(messages / seconds).toLocaleString("en-US")} | ` +
      `${mib(run.rssGrowth)} | ${mib(run.heapGrowth)} / ${mib(run.buffersGrowth)} | ${mib(run.retained)} |`,
  );
}
