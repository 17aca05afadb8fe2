// Scenario 3: SIGTERM while a reply is streaming (on PGlite and on PostgreSQL). The offline model
// writes a ~6 s reply (AI_OFFLINE_CHUNK_DELAY_MS=40); a second in, `node scripts/start.mjs` gets
// SIGTERM. The reply must finish, reach the client whole and be saved `complete` before the
// process exits, within SHUTDOWN_GRACE_MS (25 s); a new reply asked for meanwhile gets 503.
//
//   node --import tsx reliability/sigterm-reply.ts [pglite] [postgres]
import fs from "node:fs";
import {
  checkAppLog,
  Ledger,
  now,
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

const GRACE_MS = 25_000;
type Driver = "pglite" | "postgres";
const asked = process.argv.slice(2).filter((a): a is Driver => a === "pglite" || a === "postgres");
const drivers: Driver[] = asked.length ? asked : ["pglite", "postgres"];

await scenario("3. SIGTERM during a streaming reply", async (report) => {
  for (const driver of drivers) await run(report, driver, driver === "pglite" ? 3620 : 3621);
});

async function run(report: Report, driver: Driver, port: number) {
  report.section(`${driver}: SIGTERM to start.mjs one second into a ~6 s reply`);
  const postgres = driver === "postgres" ? new ThrowawayPostgres() : undefined;
  await postgres?.ensureRunning();
  const database = await postgres?.createDatabase("craft_faults");
  try {
    const app = await startApp({
      port,
      env: {
        AI_OFFLINE_CHUNK_DELAY_MS: "40",
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
        ...(database && { DATABASE_URL: database.url }),
      },
    });
    const cmdline = fs.readFileSync(`/proc/${app.pid}/cmdline`, "utf8").split("\0").join(" ");
    report.figure(`${driver}: signalled process`, `${app.pid} (${cmdline.trim()})`);
    const user = await setUpUser(app.url, 1);
    const sessionId = user.sessionIds[0] ?? "";
    const ledger = new Ledger();
    const id = uid("q");
    const text = `question ${id}`;
    ledger.attempted.add(id);
    const chat = startChat(app.url, user.cookie, { chatSessionId: sessionId, id, text });
    while (!chat.progress.text && !chat.progress.endedAt) await sleep(20);
    await sleep(1_000);
    const textAtSignal = chat.progress.text.length;

    const sigtermAt = now();
    app.proc.kill("SIGTERM");
    await sleep(300);
    // A new reply asked for during shutdown: refused with 503, nothing stored.
    const lateId = uid("late");
    ledger.attempted.add(lateId);
    const late = await startChat(app.url, user.cookie, {
      chatSessionId: sessionId,
      id: lateId,
      text: `question ${lateId}`,
    }).done;

    const result = await chat.done;
    const exit = await Promise.race([app.exited, sleep(GRACE_MS + 15_000).then(() => null)]);
    if (!exit) app.kill9();
    if (result.streamStarted) {
      ledger.acked.set(id, { sessionId, content: text });
      ledger.chats.push({ ...result, userMessageId: id, sessionId });
    }
    report.figure(
      `${driver}: reply chars at SIGTERM / in total`,
      `${textAtSignal} / ${result.text.length}`,
    );
    report.figure(
      `${driver}: reply ended after SIGTERM`,
      secs((result.endedAt ?? now()) - sigtermAt),
    );
    report.figure(
      `${driver}: time to exit after SIGTERM`,
      exit ? secs(exit.at - sigtermAt) : "did not exit",
    );
    report.figure(`${driver}: new reply during shutdown answered`, late.status);
    report.check(
      `${driver}: the client received the whole reply`,
      result.finished && !result.error,
      result.error,
    );
    report.check(
      `${driver}: the process exited (code 0) after the reply, within the grace period`,
      !!exit &&
        exit.code === 0 &&
        exit.at >= (result.endedAt ?? Number.POSITIVE_INFINITY) - 100 &&
        exit.at - sigtermAt <= GRACE_MS + 5_000,
      exit ? `code ${exit.code}, ${secs(exit.at - sigtermAt)}` : "still running",
    );
    report.check(
      `${driver}: a new reply during shutdown is refused with 503`,
      late.status === 503,
      String(late.status),
    );
    checkAppLog(report, app, driver);

    const db = await snapshot(database ? { postgres: database.url } : { pglite: app.dataDir }, [
      sessionId,
    ]);
    const row = db.messages.find((m) => m.id === result.replyId);
    report.check(
      `${driver}: the reply is saved complete (the text the client saw, and the rest)`,
      row?.status === "complete" && result.text.length > 0 && row.content.startsWith(result.text),
      row
        ? `${row.status}, ${row.content.length} chars stored, ${result.text.length} received`
        : "no row",
    );
    report.check(
      `${driver}: the refused request stored nothing`,
      !db.messages.some((m) => m.id === lateId),
    );
    // The complete-reply check is the one above: the client may have been cut off at exit.
    verifyNothingLost(report, ledger, db, { label: driver, finishedRepliesComplete: false });
  } finally {
    if (database) await postgres?.dropDatabase(database.name).catch(() => {});
  }
}
