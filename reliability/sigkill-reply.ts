// Scenario 4: SIGKILL while a reply is streaming, then start again (PGlite and PostgreSQL).
// Two and a half seconds into a reply, next-server and start.mjs are killed with SIGKILL; the app
// is started again on the same data. The user message must be there, the reply `partial` with
// the text flushed so far (flushes happen every second), and no row left `streaming`: on PGlite
// at once (the restart marks them), on PostgreSQL within 30-60 s (the heartbeat sweep).
//
//   node --import tsx reliability/sigkill-reply.ts [pglite] [postgres]
import {
  checkAppLog,
  Ledger,
  now,
  processState,
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
  waitReaped,
  withDatabase,
} from "./lib";
import { ThrowawayPostgres } from "./postgres";

const KILL_AFTER_MS = 2_500;
/** The PostgreSQL sweep marks a reply stale 30 s after its last heartbeat, checking every 30 s. */
const SWEEP_LIMIT_MS = 75_000;
type Driver = "pglite" | "postgres";
const asked = process.argv.slice(2).filter((a): a is Driver => a === "pglite" || a === "postgres");
const drivers: Driver[] = asked.length ? asked : ["pglite", "postgres"];

await scenario("4. SIGKILL during a streaming reply, then start again", async (report) => {
  for (const driver of drivers) await run(report, driver, driver === "pglite" ? 3630 : 3632);
});

async function run(report: Report, driver: Driver, port: number) {
  report.section(`${driver}: kill -9 ${KILL_AFTER_MS / 1000} s into a reply, start again`);
  const postgres = driver === "postgres" ? new ThrowawayPostgres() : undefined;
  await postgres?.ensureRunning();
  const database = await postgres?.createDatabase("craft_faults");
  const env = { AI_OFFLINE_CHUNK_DELAY_MS: "40", ...(database && { DATABASE_URL: database.url }) };
  try {
    const first = await startApp({ port, env });
    const user = await setUpUser(first.url, 1);
    const sessionId = user.sessionIds[0] ?? "";
    const ledger = new Ledger();
    const id = uid("q");
    const text = `question ${id}`;
    ledger.attempted.add(id);
    const chat = startChat(first.url, user.cookie, { chatSessionId: sessionId, id, text });
    // What the client had seen, over time: the flushed text is at least what it had a second
    // and a half before the kill (the server flushes every second, and is ahead of the client).
    const seen: { at: number; length: number }[] = [];
    while (!chat.progress.streamStarted && !chat.progress.endedAt) await sleep(10);
    const streamAt = now();
    while (now() < streamAt + KILL_AFTER_MS) {
      seen.push({ at: now(), length: chat.progress.text.length });
      await sleep(50);
    }
    const killAt = now();
    const serverPid = first.serverPid();
    first.kill9();
    await first.exited;
    const result = await chat.done;
    if (result.streamStarted) {
      ledger.acked.set(id, { sessionId, content: text });
      ledger.chats.push({ ...result, userMessageId: id, sessionId });
    }
    const floor = [...seen].reverse().find((s) => s.at <= killAt - 1_500)?.length ?? 0;
    report.figure(`${driver}: killed`, `next-server ${serverPid} and start.mjs ${first.pid}`);
    report.figure(
      `${driver}: client had received`,
      `${result.text.length} chars (stream: ${result.error ?? "ended"})`,
    );

    // Started again at once, as a supervisor would: the killed next-server may still be a
    // zombie (not yet reaped by init) for a moment.
    const state = serverPid ? processState(serverPid) : null;
    let second = await startApp({ port, env, dataDir: first.dataDir, waitHealthy: false });
    let healthy = await second.waitHealthy().then(
      () => true,
      () => false,
    );
    report.check(
      `${driver}: starts again at once on the same data`,
      healthy,
      healthy
        ? `killed next-server was ${state === "Z" ? "a zombie" : state ? `in state ${state}` : "gone"} at restart`
        : `refused while the killed next-server ${serverPid} was ${state === "Z" ? "a zombie (killed, not yet reaped)" : `in state ${state}`}: ${
            second
              .log()
              .split("\n")
              .find((l) => l.includes("cannot open the database"))
              ?.trim() ?? "see the app log"
          }`,
    );
    if (!healthy) {
      const waited = serverPid ? await waitReaped(serverPid) : 0;
      report.figure(`${driver}: killed next-server reaped after`, secs(waited));
      second = await startApp({ port, env, dataDir: first.dataDir });
      healthy = true;
    }
    report.figure(`${driver}: healthy again after the kill`, secs(now() - killAt));

    let partialAt: number | undefined;
    if (database) {
      // PostgreSQL: nothing marks the reply until its heartbeat is 30 s old; watch for it.
      while (now() < killAt + SWEEP_LIMIT_MS) {
        const [row] = await withDatabase({ postgres: database.url }, (q) =>
          q("select status from chat_messages where id = $1", [result.replyId]),
        );
        if (row && row.status !== "streaming") {
          partialAt = now();
          break;
        }
        await sleep(1_000);
      }
      report.figure(
        `${driver}: reply left streaming for`,
        partialAt === undefined
          ? `more than ${secs(SWEEP_LIMIT_MS)}`
          : `${secs(partialAt - killAt)} after the kill`,
      );
      report.check(
        `${driver}: the sweep marks the reply within ${secs(SWEEP_LIMIT_MS)} of the kill`,
        partialAt !== undefined,
      );
    }
    checkAppLog(report, second, driver);
    const exitMs = await second.terminate();
    report.figure(
      `${driver}: second app exit after SIGTERM`,
      exitMs === null ? "none (killed)" : secs(exitMs),
    );

    const db = await snapshot(database ? { postgres: database.url } : { pglite: first.dataDir }, [
      sessionId,
    ]);
    const row = db.messages.find((m) => m.id === result.replyId);
    const question = db.messages.find((m) => m.id === id);
    report.figure(
      `${driver}: reply stored`,
      row
        ? `${row.status}, ${row.content.length} chars (client saw ${result.text.length}, ≥ ${floor} expected)`
        : "none",
    );
    report.check(`${driver}: the user message is there`, question?.content === text);
    report.check(
      `${driver}: the reply is partial, with the text flushed before the kill`,
      row?.status === "partial" &&
        row.content.length >= floor &&
        row.content.length > 0 &&
        (result.text.startsWith(row.content) || row.content.startsWith(result.text)),
      row ? `${row.status}, ${row.content.length} chars` : "no row",
    );
    verifyNothingLost(report, ledger, db, { label: driver, finishedRepliesComplete: false });
  } finally {
    if (database) await postgres?.dropDatabase(database.name).catch(() => {});
  }
}
