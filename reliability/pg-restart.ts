// Scenario 1: PostgreSQL restarted under load. Mixed writes and reads run continuously while the
// app's (own, throwaway) PostgreSQL is restarted cleanly (`pg_ctl restart -m fast`) and, in a
// second run, crashed (`stop -m immediate`, then start). The app must stay up, answer 503 only
// while PostgreSQL is down, recover by itself within 10 s, never hang a request, lose nothing.
// Mode `terminate` (scenario 1b) keeps PostgreSQL up but kills the app's idle connections
// (pg_terminate_backend, as a pooler, a failover or idle_session_timeout would) for 8 s.
//
//   node --import tsx reliability/pg-restart.ts [fast] [immediate] [terminate]
import {
  type Answer,
  type App,
  call,
  checkAppLog,
  Ledger,
  maxOf,
  now,
  percentile,
  postMessage,
  type Report,
  scenario,
  secs,
  setUpUser,
  sleep,
  snapshot,
  startApp,
  startChat,
  uid,
  verifyNothingLost,
} from "./lib";
import { ThrowawayPostgres } from "./postgres";

const LOAD_MS = Number(process.env.FAULTS_LOAD_SECONDS ?? 30) * 1000;
const FAULT_AT_MS = LOAD_MS * 0.4;
/** Longer than the app's own limits (5 s to connect + 15 s per query): a hang shows as -1. */
const CLIENT_TIMEOUT_MS = 25_000;
const WORKERS = 8;
const RECOVERY_LIMIT_MS = 10_000;
const CRASH_DOWN_MS = 3_000;
const TERMINATE_MS = 8_000;

const allModes = ["fast", "immediate", "terminate"] as const;
type Mode = (typeof allModes)[number];
type Kind = "write" | "read-messages" | "read-sessions" | "chat";
interface Sample {
  kind: Kind;
  status: number;
  startedAt: number;
  endedAt: number;
}

const asked = process.argv.slice(2).filter((a): a is Mode => allModes.includes(a as Mode));
const modes: Mode[] = asked.length ? asked : ["fast", "immediate"];
const title =
  modes.length === 1 && modes[0] === "terminate"
    ? "1b. PostgreSQL connections terminated under load"
    : "1. PostgreSQL restarted under load";

await scenario(title, async (report) => {
  const postgres = new ThrowawayPostgres();
  await postgres.ensureRunning();
  for (const mode of modes) await run(report, postgres, mode, 3601 + allModes.indexOf(mode));
});

async function run(report: Report, postgres: ThrowawayPostgres, mode: Mode, port: number) {
  const label = {
    fast: "restart -m fast",
    immediate: "crash -m immediate",
    terminate: "idle connections terminated every 100 ms",
  }[mode];
  report.section(`${label}: ${LOAD_MS / 1000} s of mixed load on PostgreSQL :${postgres.port}`);
  const database = await postgres.createDatabase("craft_faults");
  const app = await startApp({
    port,
    env: { DATABASE_URL: database.url, AI_OFFLINE_CHUNK_DELAY_MS: "5" },
  });
  const serverPid = app.serverPid();
  try {
    const users = [await setUpUser(app.url, 4), await setUpUser(app.url, 4)];
    const ledger = new Ledger();
    const samples: Sample[] = [];
    const health: { at: number; status: number }[] = [];
    const endAt = now() + LOAD_MS;

    let polling = true;
    const healthPoller = (async () => {
      while (polling) {
        const at = now();
        health.push({ at, status: await app.health(CLIENT_TIMEOUT_MS) });
        await sleep(250);
      }
    })();

    const workers = Array.from({ length: WORKERS }, (_, i) => {
      const user = users[i % users.length];
      const sessionId = user?.sessionIds[Math.floor(i / users.length) % 4];
      if (!user || !sessionId) throw new Error("no session for a worker");
      return worker(app, user, sessionId, ledger, samples, endAt);
    });

    await sleep(FAULT_AT_MS);
    const downAt = now();
    if (mode === "fast") {
      await postgres.restart("fast");
    } else if (mode === "immediate") {
      await postgres.stop("immediate");
      await sleep(CRASH_DOWN_MS);
      await postgres.start();
    } else {
      const killed = await terminateIdleConnections(postgres, database.name, TERMINATE_MS);
      report.figure(`${mode}: connections terminated`, killed);
    }
    const upAt = await postgres.waitReady();
    await Promise.all(workers);
    polling = false;
    await healthPoller;

    report.figure(
      `${mode}: ${mode === "terminate" ? "connections killed during" : "PostgreSQL down"}`,
      `${secs(upAt - downAt)} (from +${secs(downAt - app.startedAt)} after app start)`,
    );
    const appStayedUp = app.alive && app.serverPid() === serverPid;
    const exitMs = await app.terminate();
    report.figure(
      `${mode}: app exit after SIGTERM`,
      exitMs === null ? "none (killed)" : secs(exitMs),
    );

    summarise(report, mode, samples, health, downAt, upAt);
    report.check(`${mode}: app stayed up (same next-server pid through the fault)`, appStayedUp);
    checkAppLog(report, app, mode);
    report.check(
      `${mode}: app exits after SIGTERM once the load is over`,
      exitMs !== null,
      exitMs === null ? "still running 40 s after SIGTERM" : secs(exitMs),
    );

    const db = await snapshot(
      { postgres: database.url },
      users.flatMap((u) => u.sessionIds),
    );
    verifyNothingLost(report, ledger, db, { label: mode });
  } finally {
    if (app.alive) await app.terminate();
    await postgres.dropDatabase(database.name).catch(() => {});
  }
}

/** Kills the app's idle connections every 100 ms for `ms`; returns how many it killed. */
async function terminateIdleConnections(postgres: ThrowawayPostgres, database: string, ms: number) {
  return postgres.admin(async (client) => {
    let killed = 0;
    const until = now() + ms;
    while (now() < until) {
      const { rows } = await client.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = $1 and application_name = 'craft' and state = 'idle'`,
        [database],
      );
      killed += rows.length;
      await sleep(100);
    }
    return killed;
  });
}

/** One client: writes (retrying the same id until acknowledged), reads, and chats. */
async function worker(
  app: App,
  user: { cookie: string; projectId: string },
  sessionId: string,
  ledger: Ledger,
  samples: Sample[],
  endAt: number,
) {
  let pendingWrite: string | undefined;
  let pendingChat: string | undefined;
  const record = (kind: Kind, a: Pick<Answer, "status" | "startedAt" | "endedAt">) =>
    samples.push({ kind, status: a.status, startedAt: a.startedAt, endedAt: a.endedAt });
  while (now() < endAt) {
    const r = Math.random();
    let ok: boolean;
    if (r < 0.5) {
      const id = pendingWrite ?? uid("w");
      const content = `message ${id}`;
      ledger.attempted.add(id);
      const a = await postMessage(
        app.url,
        user.cookie,
        { chatSessionId: sessionId, id, content },
        CLIENT_TIMEOUT_MS,
      );
      record("write", a);
      ok = a.status >= 200 && a.status < 300;
      if (ok) ledger.acked.set(id, { sessionId, content });
      pendingWrite = ok ? undefined : id; // a client retries with the same id
    } else if (r < 0.8) {
      const a = await call(`${app.url}/api/chat-messages?chatSessionId=${sessionId}&limit=20`, {
        cookie: user.cookie,
        timeoutMs: CLIENT_TIMEOUT_MS,
      });
      record("read-messages", a);
      ok = a.status === 200;
    } else if (r < 0.92) {
      const a = await call(
        `${app.url}/api/chat-sessions?projectId=${user.projectId}&includeMessages=false&limit=20`,
        { cookie: user.cookie, timeoutMs: CLIENT_TIMEOUT_MS },
      );
      record("read-sessions", a);
      ok = a.status === 200;
    } else {
      const id = pendingChat ?? uid("c");
      const text = `question ${id}`;
      ledger.attempted.add(id);
      const chat = await startChat(
        app.url,
        user.cookie,
        { chatSessionId: sessionId, id, text },
        CLIENT_TIMEOUT_MS,
      ).done;
      record("chat", {
        status: chat.status,
        startedAt: chat.startedAt,
        endedAt: chat.endedAt ?? now(),
      });
      ok = chat.streamStarted;
      if (ok) {
        ledger.acked.set(id, { sessionId, content: text });
        ledger.chats.push({ ...chat, userMessageId: id, sessionId });
      }
      pendingChat = ok ? undefined : id;
    }
    if (!ok) await sleep(200);
  }
}

function summarise(
  report: Report,
  mode: Mode,
  samples: Sample[],
  health: { at: number; status: number }[],
  downAt: number,
  upAt: number,
) {
  const byStatus: Record<string, number> = {};
  for (const s of samples) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  const latencies = samples.map((s) => s.endedAt - s.startedAt);
  const ok = (s: { status: number }) => s.status >= 200 && s.status < 300;
  const failures = samples.filter((s) => !ok(s));
  const unavailable = failures.filter((s) => s.status === 503);
  // A 503 is expected from a request that was in flight at some moment PostgreSQL was down.
  const GRACE_MS = 500;
  const overlapsOutage = (s: Sample) => s.startedAt <= upAt + GRACE_MS && s.endedAt >= downAt;
  const outside = unavailable.filter((s) => !overlapsOutage(s));
  const other = failures.filter((s) => s.status !== 503);
  const timeouts = samples.filter((s) => s.status === -1);

  const after = samples.filter((s) => s.startedAt >= upAt);
  const firstOk = after.filter(ok).sort((a, b) => a.endedAt - b.endedAt)[0];
  const lastFailure = failures.sort((a, b) => b.endedAt - a.endedAt)[0];
  const healthBack = health.find((h) => h.at >= upAt && h.status === 200);
  const recovery = Math.max(
    firstOk ? firstOk.endedAt - upAt : Number.POSITIVE_INFINITY,
    lastFailure ? lastFailure.endedAt - upAt : 0,
    healthBack ? healthBack.at - upAt : Number.POSITIVE_INFINITY,
  );

  report.figure(`${mode}: requests`, `${samples.length} (${JSON.stringify(byStatus)})`);
  report.figure(`${mode}: 503 answers`, unavailable.length);
  report.figure(`${mode}: health 503 polls`, health.filter((h) => h.status === 503).length);
  report.figure(
    `${mode}: latency p50 / p99 / max`,
    `${percentile(latencies, 50).toFixed(0)} / ${percentile(latencies, 99).toFixed(0)} / ${maxOf(latencies).toFixed(0)} ms`,
  );
  report.figure(
    `${mode}: recovery after ${mode === "terminate" ? "the last kill" : "PostgreSQL was ready"}`,
    `${secs(recovery)} (first success +${firstOk ? secs(firstOk.endedAt - upAt) : "never"}, health 200 +${healthBack ? secs(healthBack.at - upAt) : "never"}, last failure ${lastFailure ? `${secs(lastFailure.endedAt - upAt)} after` : "none"})`,
  );
  report.check(
    `${mode}: only 503, and only while ${mode === "terminate" ? "connections were being killed" : "PostgreSQL was down"}`,
    outside.length === 0 && other.length === 0,
    `${unavailable.length} × 503 (${outside.length} outside the outage), ${other.length} other failures${other[0] ? ` e.g. ${other[0].kind} ${other[0].status}` : ""}`,
  );
  report.check(
    `${mode}: no request hung past the client timeout (${CLIENT_TIMEOUT_MS / 1000} s)`,
    timeouts.length === 0,
    `${timeouts.length} timed out, max ${maxOf(latencies).toFixed(0)} ms`,
  );
  report.check(
    `${mode}: recovered on its own within ${RECOVERY_LIMIT_MS / 1000} s`,
    recovery <= RECOVERY_LIMIT_MS,
    secs(recovery),
  );
}
