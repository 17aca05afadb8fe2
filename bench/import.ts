// npm run bench:import — the import job (issue 17) writing 1,000,000 messages into the database:
// a ChatGPT conversations.json of BENCH_IMPORT_CONVERSATIONS (1,600) conversations × 625 kept
// messages (312 turns and a regenerated reply; tool hops and a hidden system node the reader
// drops), imported for a fresh user as POST /api/import would start it, then the same file
// again (every conversation skipped). Prints time, messages/s, conversations/s, the peak RSS
// and heap growth (sampled every 100 ms) and what a full collection after the run leaves held
// (--expose-gc, in the bench only), and fails when the rows in the database are not what was
// written. On PostgreSQL and PGlite, each in a child process of its own; PGlite runs inside the
// process, so its RSS includes the database's.
import { spawnSync } from "node:child_process";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { keptMessages, writeConversations } from "./chatgpt-file";
import { inProcessApp, signUpInProcess } from "./lib";
import { createDatabase, dropDatabase } from "./seed";

const env = process.env;
const PG_ADMIN_URL = env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const CONVERSATIONS = Number(env.BENCH_IMPORT_CONVERSATIONS ?? 1_600);
const TURNS = 312;
/** Characters per message, as bench:export seeds them. */
const CHARS = 200;
const MESSAGES = CONVERSATIONS * keptMessages(TURNS);
const MB = 1024 * 1024;
/** Bytes as whole MiB with their sign (a heap a little smaller than before reads +0, not +-0). */
const signed = (bytes: number) => {
  const mib = Math.round(bytes / MB);
  return mib < 0 ? `${mib}` : `+${mib}`;
};

if (!env.IMPORT_CONFIG) {
  const dir = await mkdtemp(path.join(tmpdir(), "craft-bench-import-"));
  try {
    const file = path.join(dir, "conversations.json");
    const sizes = { user: CHARS, tool: CHARS, reply: CHARS, regenerated: CHARS };
    const written = await writeConversations(file, {
      turns: TURNS,
      sizes,
      more: (conversations) => conversations < CONVERSATIONS,
    });
    console.log(
      `conversations.json: ${(written.bytes / MB).toFixed(0)} MiB, ` +
        `${CONVERSATIONS.toLocaleString("en-US")} conversations, ` +
        `${MESSAGES.toLocaleString("en-US")} messages to import`,
    );
    for (const config of (env.BENCH_CONFIGS ?? "postgres,pglite").split(",")) {
      const child = spawnSync(
        process.execPath,
        ["--conditions=react-server", "--expose-gc", "--import", "tsx", "bench/import.ts"],
        { env: { ...env, IMPORT_CONFIG: config.trim(), IMPORT_FILE: file }, stdio: "inherit" },
      );
      if (child.status !== 0) process.exit(child.status ?? 1);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
} else {
  await measure(env.IMPORT_CONFIG, env.IMPORT_FILE ?? "");
}

async function measure(config: string, source: string) {
  const { dataDir, dbName } = inProcessApp("import");
  if (config === "postgres") env.DATABASE_URL = await createDatabase(PG_ADMIN_URL, dbName);
  else delete env.DATABASE_URL;
  const { send } = await import("../tests/helpers/app");
  const { getDatabase, closeDatabase } = await import("../src/server/db");
  const { insertImport, getImportForUser } = await import("../src/server/queries/imports");
  const { startImport, importRun } = await import("../src/server/imports/run-import");
  const { sql } = await import("drizzle-orm");
  try {
    const { db } = await getDatabase();
    const { userId } = await signUpInProcess(send);

    /** One import of the file (a copy: the job deletes its upload), as the upload route starts it. */
    const run = async (label: string) => {
      const filePath = path.join(dataDir, `${label}.json`);
      await copyFile(source, filePath);
      const { size } = await stat(filePath);
      const row = await insertImport(db, {
        userId,
        fileName: "conversations.json",
        filePath,
        totalBytes: size,
        projectId: null,
      });
      globalThis.gc?.();
      const before = process.memoryUsage();
      let peak = before.rss;
      let peakHeap = before.heapUsed;
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peak = Math.max(peak, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed);
      }, 100);
      const started = performance.now();
      startImport(db, row);
      await importRun(row.id);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      // What is still held once a full collection ran: retained, as opposed to collected late.
      globalThis.gc?.();
      const after = process.memoryUsage();
      const job = await getImportForUser(db, { id: row.id, userId });
      if (job?.status !== "done") throw new Error(`${label}: ${job?.status} ${job?.error}`);
      console.log(
        `${config} ${label}: ${seconds.toFixed(1)} s, ` +
          `${Math.round(MESSAGES / seconds).toLocaleString("en-US")} messages/s, ` +
          `${(CONVERSATIONS / seconds).toFixed(1)} conversations/s; ` +
          `${job.conversationsImported} imported, ${job.conversationsSkipped} skipped, ` +
          `${job.messagesImported} messages; peak RSS +${((peak - before.rss) / MB).toFixed(0)} MiB ` +
          `(from ${(before.rss / MB).toFixed(0)} MiB), peak heap +${((peakHeap - before.heapUsed) / MB).toFixed(0)} MiB; ` +
          `held after a full GC: RSS ${signed(after.rss - before.rss)} MiB, ` +
          `heap ${signed(after.heapUsed - before.heapUsed)} MiB`,
      );
    };

    await run("import");
    await run("re-import");
    const result = (await db.execute(sql`
      select
        (select count(*) from chat_sessions s join projects p on p.id = s.project_id
          where p.user_id = ${userId})::int as sessions,
        (select count(*) from chat_messages where user_id = ${userId})::int as messages
    `)) as unknown as { rows: { sessions: number; messages: number }[] };
    const counts = result.rows[0];
    const expected = `${CONVERSATIONS} sessions, ${MESSAGES} messages`;
    const found = `${counts?.sessions} sessions, ${counts?.messages} messages`;
    if (found !== expected) throw new Error(`${config}: expected ${expected}, found ${found}`);
    console.log(`${config}: the database holds ${found}, as written`);
  } finally {
    await closeDatabase();
    if (config === "postgres") await dropDatabase(PG_ADMIN_URL, dbName);
    await rm(dataDir, { recursive: true, force: true });
  }
}
