// Scenario 5: SIGKILL of the app on the embedded PGlite in the middle of writes, five times.
// Eight clients post messages with their own ids (retrying an unanswered one, with the same id,
// after the restart); after a random 1.5-3 s the app is killed with SIGKILL and started again on
// the same data folder once the killed process is gone. The folder must open every time (the
// dead process's lock taken over, PGlite recovered) and every acknowledged message be there.
//
//   node --import tsx reliability/pglite-kill.ts
import {
  type App,
  checkAppLog,
  Ledger,
  now,
  postMessage,
  scenario,
  secs,
  setUpUser,
  sleep,
  snapshot,
  startApp,
  tempDataDir,
  uid,
  verifyNothingLost,
  waitReaped,
} from "./lib";

const KILLS = Number(process.env.FAULTS_KILLS ?? 5);
const WRITERS = 8;
const PORT = 3640;

await scenario("5. SIGKILL on PGlite during writes", async (report) => {
  const dataDir = tempDataDir("pglite-kill");
  const env = {};
  let app = await startApp({ port: PORT, dataDir, env });
  const user = await setUpUser(app.url, 4);
  const ledger = new Ledger();
  /** Each writer's message not yet acknowledged: sent again, same id, after the restart. */
  const pending: ({ id: string; content: string } | undefined)[] = Array(WRITERS).fill(undefined);
  const perCycle: string[] = [];
  const restartMs: number[] = [];
  let refused = 0;

  for (let cycle = 1; cycle <= KILLS + 1; cycle++) {
    const last = cycle === KILLS + 1;
    let stop = false;
    let sent = 0;
    let acked = 0;
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      const sessionId = user.sessionIds[w % user.sessionIds.length] ?? "";
      while (!stop) {
        const id = pending[w]?.id ?? uid(`k${cycle}`);
        const content = pending[w]?.content ?? `message ${id}`;
        pending[w] = { id, content };
        ledger.attempted.add(id);
        sent++;
        const a = await postMessage(
          app.url,
          user.cookie,
          { chatSessionId: sessionId, id, content },
          20_000,
        );
        if (a.status === 200 || a.status === 201) {
          ledger.acked.set(id, { sessionId, content });
          pending[w] = undefined;
          acked++;
        } else if (!stop) {
          await sleep(100);
        }
      }
    });
    const runFor = last ? 2_000 : 1_500 + Math.random() * 1_500;
    await sleep(runFor);
    if (last) {
      stop = true;
      await Promise.all(writers);
      perCycle.push(`final: ${sent} sent, ${acked} acknowledged`);
      break;
    }
    const serverPid = app.serverPid();
    app.kill9();
    stop = true;
    await Promise.all(writers);
    await app.exited;
    const reaped = serverPid ? await waitReaped(serverPid) : 0;
    const at = now();
    const next = await startApp({ port: PORT, dataDir, env, waitHealthy: false });
    const ok = await next.waitHealthy(120_000).then(
      () => true,
      () => false,
    );
    if (!ok) {
      refused++;
      report.check(`restart ${cycle} opens the data folder`, false, lastLine(next));
      await report.finish();
    }
    restartMs.push(now() - at);
    perCycle.push(
      `kill ${cycle} after ${secs(runFor)}: ${sent} sent, ${acked} acknowledged; reaped in ${secs(reaped)}, healthy again in ${secs(now() - at)}`,
    );
    app = next;
  }
  for (const [i, line] of perCycle.entries()) report.figure(`cycle ${i + 1}`, line);
  report.figure("kills", KILLS);
  report.figure(
    "restart to healthy (min / max)",
    `${secs(Math.min(...restartMs))} / ${secs(Math.max(...restartMs))}`,
  );
  report.check(
    `the data folder opened after each of the ${KILLS} kills`,
    refused === 0 && restartMs.length === KILLS,
  );
  const takeovers = app.log().includes("in use by another process");
  report.check("no lock refusal", !takeovers);

  checkAppLog(report, app);
  const exitMs = await app.terminate();
  report.figure("exit after SIGTERM", exitMs === null ? "none (killed)" : secs(exitMs));
  const db = await snapshot({ pglite: dataDir }, user.sessionIds);
  verifyNothingLost(report, ledger, db);
});

function lastLine(app: App): string {
  const last = app
    .logLines()
    .filter((l) => l.area === "craft")
    .pop();
  return last ? `${last.msg}${last.err ? `: ${last.err}` : ""}` : "no message";
}
