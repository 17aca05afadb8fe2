// npm run bench — throughput and latency of the chat API on PostgreSQL, PostgreSQL + Redis and
// PGlite, against a bare floor doing the same SQL; writes BENCHMARKS.md. See that file's header
// for the knobs. A script, not a test: it reports targets as met or missed and never fails on them.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type RunningApp, startApp } from "../scripts/app-harness";
import type { DiagRow } from "./diag";
import { signUp } from "./lib";
import { type Endpoint, type LoadResult, type LoadTarget, runLoad } from "./load";
import { measureProjectPage, type PageRow, pageTargets } from "./page";
import {
  type ConfigResult,
  consoleSummary,
  type Diagnostics,
  markdown,
  type Report,
  type Run,
} from "./report";
import {
  ARCHIVED_COUNT,
  createDatabase,
  dropDatabase,
  PINNED,
  SESSION_COUNT,
  type Seeded,
  seedPglite,
  seedPostgres,
  serverVersion,
  TAG_EVERY,
  userIdOfCookie,
} from "./seed";
import {
  listeningPid,
  machine,
  machineBusyBetween,
  machineCpu,
  packageVersion,
  peakRssMiB,
  redisCountPrefix,
  redisDeletePrefix,
  redisVersion,
} from "./system";
import { measureTtft, WARMUP as TTFT_WARMUP, type TtftRow } from "./ttft";

const env = process.env;
const num = (value: string | undefined, fallback: number) =>
  value === undefined || value === "" ? fallback : Number(value);

const SECONDS = num(env.BENCH_SECONDS, 5);
const WARMUP_SECONDS = num(env.BENCH_WARMUP_SECONDS, 1);
const CONNECTIONS = (env.BENCH_CONNECTIONS ?? "1,16,64").split(",").map(Number);
const CONFIGS = (env.BENCH_CONFIGS ?? "postgres,redis,pglite").split(",").map((s) => s.trim());
const PG_ADMIN_URL = env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const TTFT_ROUNDS = num(env.BENCH_TTFT_ROUNDS, 200);
const PAGE_ROUNDS = num(env.BENCH_PAGE_ROUNDS, 40);
const PAGE_BROWSER_ROUNDS = num(env.BENCH_PAGE_BROWSER_ROUNDS, 15);
const BASE_PORT = num(env.BENCH_PORT, 3500);
const OUT = env.BENCH_OUT ?? "BENCHMARKS.md";
const APP_PORT = BASE_PORT + 1;
const FLOOR_PORT = BASE_PORT + 2;
const TTFT_PORT = BASE_PORT + 3;
const START_ATTEMPTS = num(env.BENCH_START_ATTEMPTS, 4);
const START_RETRY_SECONDS = num(env.BENCH_START_RETRY_SECONDS, 180);
const DIAG = num(env.BENCH_DIAG, 1) !== 0;
const QUIET_WAIT_SECONDS = num(env.BENCH_QUIET_WAIT, 120);
const QUIET_LIMIT = 0.2;
const RETRIES = num(env.BENCH_RETRIES, 2);
const ONLY_ENDPOINTS = env.BENCH_ENDPOINTS?.split(",").map((e) => e.trim());
const WRITE_CONTENT = "Benchmark write: one more user message for the write session.";

// One secret for the app and the floor: the floor checks the cookie signature like Better Auth.
const SECRET = randomBytes(32).toString("base64url");
const POOL_ENV: Record<string, string> = env.DB_POOL_MAX ? { DB_POOL_MAX: env.DB_POOL_MAX } : {};
const APP_ENV = { AUTH_RATE_LIMIT_PER_MINUTE: "0", BETTER_AUTH_SECRET: SECRET, ...POOL_ENV };

const log = (...args: unknown[]) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

const tempDirs: string[] = [];
/** Undone on Ctrl-C too: servers we started, the scratch database. */
const cleanups = new Set<() => Promise<void>>();
function onInterrupt(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping servers, dropping the scratch database`);
    void Promise.allSettled([...cleanups].map((c) => c())).finally(() => {
      for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-bench-"));
  tempDirs.push(dir);
  return dir;
}

/** startApp, waiting and retrying while a build fails (sources being edited meanwhile). */
async function startAppPatiently(env: Record<string, string>): Promise<RunningApp> {
  for (let attempt = 1; ; attempt++) {
    try {
      const started = performance.now();
      const app = await startApp({ port: APP_PORT, env });
      log(`app up on ${app.url} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const forget = onInterrupt(app.stop);
      return {
        ...app,
        stop: async () => {
          forget();
          await app.stop();
          if (/error|exception/i.test(app.logs())) {
            log(`the app logged errors; output saved to ${saveLog("app", app.logs())}`);
          }
        },
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= START_ATTEMPTS) throw error;
      log(
        `the app did not start (attempt ${attempt}):\n${message.split("\n").slice(-25).join("\n")}`,
      );
      log(`retrying in ${START_RETRY_SECONDS} s`);
      await new Promise((r) => setTimeout(r, START_RETRY_SECONDS * 1000));
    }
  }
}

async function startFloor(
  databaseUrl: string,
  extra: Record<string, string> = {},
  port = FLOOR_PORT,
): Promise<RunningApp> {
  const floor = await startApp({
    name: "the floor",
    args: ["--import", "tsx", "bench/floor.ts"],
    env: {
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: SECRET,
      FLOOR_PORT: String(port),
      ...POOL_ENV,
      ...extra,
    },
    port,
    timeoutMs: 30_000,
    pollMs: 100,
  });
  const forget = onInterrupt(floor.stop);
  return {
    ...floor,
    stop: async () => {
      forget();
      await floor.stop();
    },
  };
}

function endpoints(seeded: Seeded): Endpoint[] {
  return allEndpoints(seeded).filter((e) => !ONLY_ENDPOINTS || ONLY_ENDPOINTS.includes(e.key));
}

function allEndpoints(seeded: Seeded): Endpoint[] {
  const messages = (key: string, label: string, id: string): Endpoint => ({
    key,
    label,
    method: "GET",
    path: `/api/chat-messages?chatSessionId=${id}&limit=50`,
  });
  const sessions = SESSION_COUNT.toLocaleString("en-US");
  const list = `/api/chat-sessions?projectId=${seeded.projectId}&includeMessages=false&limit=50`;
  return [
    {
      key: "sessions",
      label: `Session list (${sessions}), lean, first 50`,
      method: "GET",
      path: list,
    },
    {
      key: "sessions-tag",
      label: `Session list (${sessions}), filtered by a tag, first 50`,
      method: "GET",
      path: `${list}&tag=${seeded.tag}`,
    },
    messages("messages-100", "Messages, 100-msg session, newest 50", seeded.small),
    messages("messages-10k", "Messages, 10,000-msg session, newest 50", seeded.medium),
    messages(
      "messages-100k",
      "Messages, 100,000-msg session (1,000 branch points), newest 50",
      seeded.large,
    ),
    {
      key: "write",
      label: "POST a message (4th session)",
      method: "POST",
      path: "/api/chat-messages",
      body: JSON.stringify({ chatSessionId: seeded.writes, role: "user", content: WRITE_CONTENT }),
    },
  ];
}

/** Every read endpoint must answer the same JSON from the app and the floor. */
async function compareWithFloor(appUrl: string, floorUrl: string, cookie: string, eps: Endpoint[]) {
  const problems: string[] = [];
  for (const e of eps.filter((x) => x.method === "GET")) {
    const [a, b] = await Promise.all(
      [appUrl, floorUrl].map(async (base) => {
        const res = await fetch(`${base}${e.path}`, { headers: { cookie } });
        return { status: res.status, text: await res.text() };
      }),
    );
    if (!a || !b || a.status !== 200 || b.status !== 200 || a.text !== b.text) {
      problems.push(
        `${e.key}: app ${a?.status} ${a?.text.slice(0, 200)} / floor ${b?.status} ${b?.text.slice(0, 200)}`,
      );
    }
  }
  if (problems.length)
    throw new Error(`the floor does not answer like the app:\n${problems.join("\n")}`);
}

/** Checks a target answers every endpoint with 2xx before load (a 401 would make a fast, empty run). */
async function smokeTest(url: string, cookie: string, eps: Endpoint[]) {
  for (const e of eps) {
    const res = await fetch(`${url}${e.path}`, {
      method: e.method,
      headers: { cookie, ...(e.body ? { "content-type": "application/json" } : {}) },
      body: e.body,
    });
    if (!res.ok) throw new Error(`${url}${e.path}: ${res.status} ${await res.text()}`);
  }
}

function describeRun(who: string, e: Endpoint, r: LoadResult) {
  const other = r.machineBusy - r.cpuBusy;
  log(
    `${who.padEnd(14)} ${e.key.padEnd(14)} c=${String(r.connections).padStart(2)}  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  ${Math.round(r.rps)} req/s  errors ${r.errors}  cpu ours ${Math.round(r.cpuBusy * 100)}% others ${Math.round(other * 100)}%${other > 0.15 ? " ⚠ busy neighbour" : ""}`,
  );
}

/**
 * One measured run, once the machine is quiet; run again (up to BENCH_RETRIES times) when
 * other processes took more than 15 % of the machine meanwhile.
 */
async function measure(target: LoadTarget, e: Endpoint, connections: number): Promise<LoadResult> {
  for (let attempt = 0; ; attempt++) {
    await waitForQuiet();
    const r = await runLoad(target, e, connections, SECONDS);
    if (r.machineBusy - r.cpuBusy <= 0.15 || attempt >= RETRIES) return r;
    log(
      `${e.key}@${connections}: other processes took ${Math.round((r.machineBusy - r.cpuBusy) * 100)}% of the machine; measuring again`,
    );
  }
}

/**
 * On a shared machine, waits (up to BENCH_QUIET_WAIT seconds) until other processes leave the
 * CPUs mostly idle before a measured run; our servers are idle between runs.
 */
async function waitForQuiet(): Promise<void> {
  const deadline = Date.now() + QUIET_WAIT_SECONDS * 1000;
  let warned = false;
  for (;;) {
    const before = machineCpu();
    await new Promise((r) => setTimeout(r, 1000));
    const busy = machineBusyBetween(before, machineCpu());
    if (busy <= QUIET_LIMIT || Date.now() > deadline) {
      if (warned)
        log(
          `machine ${busy <= QUIET_LIMIT ? "quiet again" : "still busy; measuring anyway"} (${Math.round(busy * 100)}% busy)`,
        );
      return;
    }
    if (!warned) log(`other processes keep the machine ${Math.round(busy * 100)}% busy: waiting`);
    warned = true;
  }
}

/**
 * Runs every endpoint at every connection count against the app and, when given, the floor:
 * interleaved (app then floor for each cell) so drift on a shared machine hits both alike.
 */
async function matrix(
  label: string,
  app: LoadTarget,
  eps: Endpoint[],
  floor?: LoadTarget,
  running?: RunningApp,
): Promise<{ runs: Run[]; floorRuns: Map<string, LoadResult>; died?: string }> {
  const runs: Run[] = [];
  const floorRuns = new Map<string, LoadResult>();
  const dead = () =>
    running && (running.process.exitCode !== null || running.process.signalCode !== null);
  for (const e of eps) {
    if (WARMUP_SECONDS > 0) {
      await runLoad(app, e, 16, WARMUP_SECONDS);
      if (floor) await runLoad(floor, e, 16, WARMUP_SECONDS);
    }
    for (const c of CONNECTIONS) {
      const a = await measure(app, e, c);
      describeRun(`${label} app`, e, a);
      let f: LoadResult | undefined;
      if (floor) {
        f = await measure(floor, e, c);
        describeRun(`${label} floor`, e, f);
        floorRuns.set(`${e.key}@${c}`, f);
      }
      runs.push({ endpoint: e.key, connections: c, app: a, floor: f });
      if (running && dead()) {
        const { exitCode, signalCode } = running.process;
        const file = saveLog(`${label}-app-died`, running.logs());
        const tail = running.logs().trimEnd().split("\n").slice(-30).join("\n");
        const died = `**The app's process exited** (${signalCode ?? `code ${exitCode}`}) during ${e.key} at ${c} connections; the remaining cells were not run. Full output: \`${file}\`. Its last lines:\n\n\`\`\`text\n${tail}\n\`\`\``;
        log(`${label}: the app died during ${e.key}@${c}; output saved to ${file}`);
        return { runs, floorRuns, died };
      }
    }
  }
  return { runs, floorRuns };
}

/** Keeps a server's output where it survives the run (the temp folders do not). */
function saveLog(name: string, text: string): string {
  const dir = path.join(os.tmpdir(), "craft-bench-logs");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${name}.log`);
  fs.writeFileSync(file, text);
  return file;
}

/**
 * Measurements that say where the app's time goes: a trivial Next.js route under load, the
 * floor with and without its session lookup, and the app's own modules timed in-process.
 */
async function diagnose(args: {
  app: LoadTarget;
  floor: LoadTarget;
  dbUrl: string;
  userId: string;
  seeded: Seeded;
}): Promise<Diagnostics> {
  const { app, floor, dbUrl, userId, seeded } = args;
  const c = 16;
  const health: Endpoint = {
    key: "health",
    label: "GET /api/health",
    method: "GET",
    path: "/api/health",
  };
  const [large] = allEndpoints(seeded).filter((e) => e.key === "messages-100k");
  if (!large) throw new Error("no messages-100k endpoint");
  log(
    "diagnostics: app /api/health, floor with and without the session lookup, in-process timings",
  );
  await runLoad(app, health, c, WARMUP_SECONDS || 1);
  const appHealth = await measure(app, health, c);
  describeRun("app", health, appHealth);
  const [write] = allEndpoints(seeded).filter((e) => e.key === "write");
  if (!write) throw new Error("no write endpoint");
  const variant = async (name: string, extra: Record<string, string>, e: Endpoint) => {
    const f = await startFloor(dbUrl, extra, BASE_PORT + 4);
    const pid = f.process.pid ?? 0;
    try {
      const t = { ...floor, url: f.url, rootPid: pid, serverPid: pid };
      await runLoad(t, e, c, WARMUP_SECONDS || 1);
      const r = await measure(t, e, c);
      describeRun(name, e, r);
      return r;
    } finally {
      await f.stop();
    }
  };
  const again = async (e: Endpoint) => {
    const r = await measure(floor, e, c);
    describeRun("floor", e, r);
    return r;
  };
  const floorWith = await again(large);
  const floorWithout = await variant(
    "floor no-auth",
    { FLOOR_AUTH: "skip", FLOOR_USER_ID: userId },
    large,
  );
  const floorMerged = await variant("floor merged", { FLOOR_SQL: "merged" }, large);
  const floorWrite = await again(write);
  const floorWriteMerged = await variant("floor merged", { FLOOR_SQL: "merged" }, write);
  const inProcess = await new Promise<{ rounds: number; rows: DiagRow[] }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "bench/diag.ts"],
      {
        env: {
          ...process.env,
          ...APP_ENV,
          NODE_ENV: "production",
          DATABASE_URL: dbUrl,
          CRAFT_DATA_DIR: tempDir(),
          DIAG_COOKIE: app.cookie,
          DIAG_USER_ID: userId,
          DIAG_PROJECT_ID: seeded.projectId,
          DIAG_TAG_ID: seeded.tag,
          DIAG_SESSION_ID: seeded.large,
          DIAG_WRITE_SESSION_ID: seeded.writes,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout?.on("data", (d) => (out += d));
    child.stderr?.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      // Its result, not one of the app's log lines (JSON too, on the same stdout).
      const line = out.split("\n").find((l) => l.startsWith('{"rounds":'));
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`bench/diag.ts failed (${code}):\n${(err || out).slice(-2000)}`));
    });
  });
  for (const r of inProcess.rows) {
    log(
      `diag ${r.key.padEnd(13)} cpu ${r.cpuMs.toFixed(3)} ms  wall ${r.wallMs.toFixed(3)} ms  statements ${r.queries}`,
    );
  }
  return {
    connections: c,
    appHealth,
    floorWith,
    floorWithout,
    floorMerged,
    floorWrite,
    floorWriteMerged,
    inProcess: inProcess.rows,
    rounds: inProcess.rounds,
  };
}

/** VmHWM while the server lives; else the highest VmRSS sampled during the runs. */
function peakRss(target: LoadTarget, runs: Run[]): number | null {
  const sampled = Math.max(0, ...runs.map((r) => r.app.serverRssMiB ?? 0));
  return peakRssMiB(target.serverPid) ?? (sampled || null);
}

function appTarget(app: RunningApp, cookie: string, database?: string): LoadTarget {
  const rootPid = app.process.pid ?? 0;
  const serverPid = listeningPid(APP_PORT, rootPid);
  if (!serverPid) throw new Error(`no process is listening on ${APP_PORT}`);
  return { url: app.url, cookie, rootPid, serverPid, database };
}

async function main() {
  const startedAt = new Date();
  const configs: ConfigResult[] = [];
  const ttft: TtftRow[] = [];
  let projectPage: PageRow[] = [];
  const seeding: string[] = [];
  let reportEndpoints: Endpoint[] = [];
  let diagnostics: Diagnostics | undefined;
  const versions: [string, string][] = [
    ["Node.js", process.version],
    ["Next.js", packageVersion("next")],
    ["better-auth", packageVersion("better-auth")],
    ["drizzle-orm", packageVersion("drizzle-orm")],
    ["pg (node driver)", packageVersion("pg")],
    ["@electric-sql/pglite", packageVersion("@electric-sql/pglite")],
    ["autocannon", packageVersion("autocannon")],
  ];
  const wantPg = CONFIGS.includes("postgres") || CONFIGS.includes("redis");
  log(
    `configs ${CONFIGS.join(", ")}; ${SECONDS} s per run, ${WARMUP_SECONDS} s warm-up, connections ${CONNECTIONS.join(", ")}`,
  );

  if (wantPg) {
    versions.push(["PostgreSQL server", await serverVersion(PG_ADMIN_URL)]);
    if (CONFIGS.includes("redis")) {
      versions.push([
        "Redis server",
        await redisVersion(REDIS_URL).catch((e: Error) => `unreachable (${e.message})`),
      ]);
    }
    const dbName = `craft_bench_${randomBytes(4).toString("hex")}`;
    const dbUrl = await createDatabase(PG_ADMIN_URL, dbName);
    log(`created database ${dbName}`);
    const forgetDb = onInterrupt(() => dropDatabase(PG_ADMIN_URL, dbName));
    let app: RunningApp | undefined;
    let floor: RunningApp | undefined;
    try {
      // 1. The app migrates the fresh database on start; the user signs up through it.
      app = await startAppPatiently({ ...APP_ENV, DATABASE_URL: dbUrl, CRAFT_DATA_DIR: tempDir() });
      const { cookie } = await signUp(app.url);
      const userId = await userIdOfCookie(dbUrl, cookie);
      const seeded = await seedPostgres(dbUrl, userId);
      log(`seeded PostgreSQL in ${seeded.seconds.toFixed(1)} s`);
      seeding.push(
        `PostgreSQL: one project, ${SESSION_COUNT.toLocaleString("en-US")} sessions (${PINNED.length} pinned, ${ARCHIVED_COUNT} archived, a tag on every ${TAG_EVERY}th), ${seeded.messageTotal.toLocaleString("en-US")} messages (sessions of 100, 10,000 and 100,000; one empty session for writes; 2 in each other), seeded in ${seeded.seconds.toFixed(1)} s, then VACUUM ANALYZE and CHECKPOINT. Database \`${dbName}\`, dropped afterwards.`,
      );
      const eps = endpoints(seeded);
      reportEndpoints = eps;

      // 2. PostgreSQL: app and floor, cell by cell.
      floor = await startFloor(dbUrl);
      await compareWithFloor(app.url, floor.url, cookie, eps);
      log("the floor answers the read endpoints with the same JSON as the app");
      const floorPid = floor.process.pid ?? 0;
      const floorTarget: LoadTarget = {
        url: floor.url,
        cookie,
        rootPid: floorPid,
        serverPid: floorPid,
        database: dbName,
      };
      let floorRuns = new Map<string, LoadResult>();
      let floorPeak: number | null = null;
      if (CONFIGS.includes("postgres")) {
        const target = appTarget(app, cookie, dbName);
        await smokeTest(app.url, cookie, eps);
        await smokeTest(floor.url, cookie, eps);
        const result = await matrix("postgres", target, eps, floorTarget, app);
        floorRuns = result.floorRuns;
        floorPeak = peakRssMiB(floorPid);
        if (DIAG) {
          diagnostics = await diagnose({
            app: target,
            floor: floorTarget,
            dbUrl,
            userId,
            seeded,
          }).catch((error: Error) => {
            log(`diagnostics failed: ${error.message}`);
            return undefined;
          });
        }
        configs.push({
          key: "postgres",
          title: "PostgreSQL",
          floorNote:
            "Floor: bench/floor.ts on the same database, measured right after the app in each row.",
          floorTargets: true,
          runs: result.runs,
          appPeakRssMiB: peakRss(target, result.runs),
          floorPeakRssMiB: floorPeak,
          notes: result.died ? [result.died] : [],
        });
      }
      // The project page as a user opens it, on the same data, the app otherwise idle.
      if (PAGE_ROUNDS > 0) {
        log("project page: first byte, and the newest message visible in Chromium");
        projectPage = await measureProjectPage(
          app.url,
          cookie,
          seeded.projectId,
          pageTargets(seeded),
          {
            rounds: PAGE_ROUNDS,
            browserRounds: PAGE_BROWSER_ROUNDS,
            quietSeconds: QUIET_WAIT_SECONDS,
          },
        ).catch((error: Error) => {
          log(`the project page measure failed: ${error.message}`);
          return [];
        });
      }
      await app.stop();
      app = undefined;

      // 3. PostgreSQL + Redis: the app only; the floor's figures are the PostgreSQL run's.
      if (CONFIGS.includes("redis")) {
        if (floorRuns.size === 0) {
          // The PostgreSQL configuration was skipped: measure the floor alone for the ratios.
          await smokeTest(floor.url, cookie, eps);
          for (const e of eps) {
            if (WARMUP_SECONDS > 0) await runLoad(floorTarget, e, 16, WARMUP_SECONDS);
            for (const c of CONNECTIONS) {
              const f = await measure(floorTarget, e, c);
              describeRun("floor", e, f);
              floorRuns.set(`${e.key}@${c}`, f);
            }
          }
          floorPeak = peakRssMiB(floorPid);
        }
        await floor.stop();
        floor = undefined;
        const flushed = await redisDeletePrefix(REDIS_URL, "craft:");
        log(`flushed ${flushed} craft:* keys from Redis`);
        app = await startAppPatiently({
          ...APP_ENV,
          DATABASE_URL: dbUrl,
          CRAFT_DATA_DIR: tempDir(),
          REDIS_URL,
        });
        const target = appTarget(app, cookie, dbName);
        await smokeTest(app.url, cookie, eps);
        const result = await matrix("redis", target, eps, undefined, app);
        const keys = await redisCountPrefix(REDIS_URL, "craft:");
        configs.push({
          key: "redis",
          title: "PostgreSQL + Redis",
          floorNote:
            "Floor: the PostgreSQL run's floor figures (the floor has no cache), reused row by row.",
          floorTargets: true,
          runs: result.runs.map((r) => ({
            ...r,
            floor: floorRuns.get(`${r.endpoint}@${r.connections}`),
          })),
          appPeakRssMiB: peakRss(target, result.runs),
          notes: [
            ...(result.died ? [result.died] : []),
            `The app was started with \`REDIS_URL=${REDIS_URL}\`; \`craft:*\` keys were flushed before (${flushed} deleted) and **${keys}** existed after the run${keys === 0 ? " — the app did not use Redis, so these figures are PostgreSQL's again" : ""}.`,
          ],
        });
        await app.stop();
        app = undefined;
      }
      await floor?.stop();
      floor = undefined;

      // 4. Time to first token on PostgreSQL (its own user and project in the same database).
      if (TTFT_ROUNDS > 0) {
        ttft.push(
          await measureTtft(
            "PostgreSQL",
            { ...APP_ENV, DATABASE_URL: dbUrl, CRAFT_DATA_DIR: tempDir() },
            { port: TTFT_PORT, rounds: TTFT_ROUNDS },
          ),
        );
      }
    } finally {
      await app?.stop();
      await floor?.stop();
      forgetDb();
      await dropDatabase(PG_ADMIN_URL, dbName);
      log(`dropped database ${dbName}`);
    }
  }

  if (CONFIGS.includes("pglite")) {
    const dataDir = tempDir();
    const pgliteEnv = { ...APP_ENV, CRAFT_DATA_DIR: dataDir };
    // PGlite is one process per folder: migrate and sign up through the app, stop it, seed
    // the folder directly, start the app again on the seeded folder.
    let app: RunningApp | undefined = await startAppPatiently(pgliteEnv);
    try {
      const { cookie, userId } = await signUp(app.url);
      await app.stop();
      app = undefined;
      const seeded = await seedPglite(dataDir, userId);
      log(`seeded PGlite in ${seeded.seconds.toFixed(1)} s`);
      seeding.push(
        `PGlite: the same data, seeded with the same SQL into the app's data folder while the app was stopped (${seeded.seconds.toFixed(1)} s), then VACUUM ANALYZE.`,
      );
      const eps = endpoints(seeded);
      if (reportEndpoints.length === 0) reportEndpoints = eps;
      app = await startAppPatiently(pgliteEnv);
      const target = appTarget(app, cookie);
      await smokeTest(app.url, cookie, eps);
      const floorOf = new Map(
        configs
          .find((c) => c.key === "postgres")
          ?.runs.map((r) => [`${r.endpoint}@${r.connections}`, r.floor]) ?? [],
      );
      const result = await matrix("pglite", target, eps, undefined, app);
      configs.push({
        key: "pglite",
        title: "PGlite",
        floorNote:
          "Floor: the **PostgreSQL** floor's figures, for scale only — the floor does not run on PGlite (one process per data folder).",
        floorTargets: false,
        runs: result.runs.map((r) => ({
          ...r,
          floor: floorOf.get(`${r.endpoint}@${r.connections}`),
        })),
        appPeakRssMiB: peakRss(target, result.runs),
        notes: result.died ? [result.died] : [],
      });
    } finally {
      await app?.stop();
    }
    if (TTFT_ROUNDS > 0) {
      ttft.unshift(
        await measureTtft(
          "PGlite",
          { ...APP_ENV, CRAFT_DATA_DIR: tempDir() },
          { port: TTFT_PORT, rounds: TTFT_ROUNDS },
        ),
      );
    }
  }

  const poolSize = env.DB_POOL_MAX ?? "10 (app default)";
  const knobs = Object.entries(env)
    .filter(([k]) => k.startsWith("BENCH_") || k === "DB_POOL_MAX")
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const report: Report = {
    startedAt,
    finishedAt: new Date(),
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    connections: CONNECTIONS,
    endpoints: reportEndpoints,
    machine: machine(),
    versions,
    settings: [
      [
        "App",
        "`next start` (production build) through scripts/app-harness.ts startApp, NODE_ENV=production",
      ],
      ["App environment", "AUTH_RATE_LIMIT_PER_MINUTE=0, a fresh CRAFT_DATA_DIR per start"],
      ["PostgreSQL pool (app and floor)", poolSize],
      ["Configurations", CONFIGS.join(", ")],
    ],
    commands: [
      `${knobs ? `${knobs} ` : ""}npm run bench`,
      "# = node --import tsx bench/run.ts; the floor: node --import tsx bench/floor.ts",
      `# autocannon -c <1|16|64> -d ${SECONDS} -H 'cookie: better-auth.session_token=…' http://127.0.0.1:${APP_PORT}<endpoint>`,
    ],
    seeding,
    configs,
    ttft,
    ttftRounds: TTFT_ROUNDS,
    ttftWarmup: TTFT_WARMUP,
    projectPage,
    diagnostics,
  };
  console.log(consoleSummary(report));
  fs.writeFileSync(OUT, markdown(report, OUT));
  log(`wrote ${OUT}`);
}

try {
  await main();
} finally {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
}
