// Scenario 2: PostgreSQL is down when the app starts. The app must say so plainly and keep
// retrying (no crash loop, no stack trace), answer /api/health with 503 meanwhile, and come up
// on its own (health 200, requests served) once PostgreSQL starts, without being restarted.
//
//   node --import tsx reliability/pg-down-at-start.ts
import { now, postMessage, scenario, secs, setUpUser, sleep, startApp, tail, uid } from "./lib";
import { ThrowawayPostgres } from "./postgres";

const DOWN_MS = 10_000;
const RECOVERY_LIMIT_MS = 10_000;

await scenario("2. PostgreSQL down when the app starts", async (report) => {
  const postgres = new ThrowawayPostgres();
  await postgres.ensureRunning();
  const database = await postgres.createDatabase("craft_faults");
  await postgres.stop("fast");
  try {
    const app = await startApp({
      port: 3610,
      env: { DATABASE_URL: database.url },
      waitHealthy: false,
    });
    // Let it get through its start and a few retries with PostgreSQL down.
    const health: number[] = [];
    let serverPid: number | undefined;
    const until = now() + DOWN_MS;
    while (now() < until) {
      health.push(await app.health(3_000));
      serverPid ??= app.serverPid();
      await sleep(500);
    }
    const downLog = app.log();
    const answered = health.filter((s) => s !== 0);
    report.figure("health answers while PostgreSQL was down", JSON.stringify(count(answered)));
    const lines = app.logLines();
    const retries = lines.filter(
      (l) => l.area === "craft" && l.msg?.startsWith("database unavailable"),
    );
    // A stack the app logged, or one Next printed as text.
    const stackLines = lines.filter((l) => l.stack !== undefined || /^\s+at /.test(l.raw));
    report.figure("startup retry lines", retries.length);
    report.figure("first retry line", retries[0]?.raw ?? "(none)");
    report.figure("stack traces in the log", stackLines.length);
    report.check(
      "the app stays up while PostgreSQL is down (one next-server, never restarted)",
      app.alive && serverPid !== undefined && app.serverPid() === serverPid,
    );
    report.check(
      "a clear message, repeated as it retries",
      retries.length >= 2 && retries.every((l) => /retrying in \d+ s/.test(l.msg ?? "")),
      `${retries.length} lines`,
    );
    report.check(
      "no stack trace, no uncaught exception",
      stackLines.length === 0 && !/uncaught|unhandled/i.test(downLog),
      stackLines[0]?.raw.trim() ?? "",
    );
    report.check(
      "/api/health answers 503 meanwhile",
      answered.length >= 5 && answered.every((s) => s === 503),
      `${answered.length} answers`,
    );

    const startAt = now();
    await postgres.start();
    const readyAt = await postgres.waitReady();
    let healthyAt: number | undefined;
    while (now() < readyAt + 30_000) {
      if ((await app.health(3_000)) === 200) {
        healthyAt = now();
        break;
      }
      await sleep(100);
    }
    report.figure("PostgreSQL start took", secs(readyAt - startAt));
    report.figure(
      "health 200 after PostgreSQL was ready",
      healthyAt === undefined ? "never (30 s)" : secs(healthyAt - readyAt),
    );
    report.check(
      `recovers without a restart within ${RECOVERY_LIMIT_MS / 1000} s`,
      healthyAt !== undefined &&
        healthyAt - readyAt <= RECOVERY_LIMIT_MS &&
        app.serverPid() === serverPid,
    );

    // Serves real requests, and the startup work (migrations, sweep) did run.
    const user = await setUpUser(app.url, 1);
    const sessionId = user.sessionIds[0] ?? "";
    const write = await postMessage(app.url, user.cookie, {
      chatSessionId: sessionId,
      id: uid("m"),
      content: "after recovery",
    });
    report.check("writes work after recovery", write.status === 201, String(write.status));
    await sleep(2_500); // the startup retry loop runs every 2 s
    const ready = app
      .logLines()
      .filter((l) => l.area === "craft" && l.msg?.startsWith("database ready"));
    report.check(
      'the startup retry loop itself finished ("database ready" logged)',
      ready.length > 0,
    );
    console.log(`\n  log while PostgreSQL was down (last lines):\n${indent(tail(downLog, 8))}`);
    const exitMs = await app.terminate();
    report.figure("exit after SIGTERM", exitMs === null ? "none (killed)" : secs(exitMs));
  } finally {
    if (!(await postgres.running())) await postgres.start();
    await postgres.dropDatabase(database.name).catch(() => {});
  }
});

function count(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    | ${l}`)
    .join("\n");
}
