// Scenario 6 (npm run soak): SOAK_SECONDS (default 600) at 50 connections of mixed reads and
// writes through autocannon, against the app on PostgreSQL (a database of its own on the
// PostgreSQL of SOAK_ADMIN_URL, dropped afterwards) with Redis. Zero errors, acknowledged
// writes equal stored rows, RSS at the end within 20 % of RSS after the warm-up, no 503s or
// timeouts (pool exhaustion).
//
//   SOAK_SECONDS=600 node --import tsx reliability/soak.ts
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";
import {
  atCleanUp,
  Ledger,
  maxOf,
  now,
  percentile,
  rssMiB,
  scenario,
  secs,
  setUpUser,
  snapshot,
  startApp,
  verifyNothingLost,
} from "./lib";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WARMUP_SECONDS = Math.min(60, Math.floor(SECONDS / 4));
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 50);
const ADMIN_URL = process.env.SOAK_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.SOAK_REDIS_URL ?? "redis://127.0.0.1:6379";
const USERS = 10;
const SESSIONS_PER_USER = 5;
const RSS_TOLERANCE = 0.2;

await scenario("6. Soak", async (report) => {
  const name = `craft_soak_${randomBytes(5).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  atCleanUp(() => admin(`drop database if exists ${name} with (force)`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  try {
    const app = await startApp({
      port: 3660,
      env: { DATABASE_URL: databaseUrl, REDIS_URL, AI_OFFLINE_CHUNK_DELAY_MS: "2" },
    });
    const serverPid = app.serverPid();
    if (!serverPid) throw new Error("no next-server process");
    const sessions: { id: string; cookie: string; projectId: string }[] = [];
    for (let u = 0; u < USERS; u++) {
      const user = await setUpUser(app.url, SESSIONS_PER_USER);
      for (const id of user.sessionIds)
        sessions.push({ id, cookie: user.cookie, projectId: user.projectId });
    }
    const ledger = new Ledger();
    const pick = () => sessions[Math.floor(Math.random() * sessions.length)] ?? sessions[0];
    let counter = 0;
    const pending = new Map<string, { sessionId: string; content: string }>();

    type Req = autocannon.Request;
    const write: Req = {
      method: "POST",
      setupRequest: (req) => {
        const s = pick();
        if (!s) return req;
        const id = `soak-${++counter}-${randomBytes(3).toString("hex")}`;
        const content = `soak message ${id}`;
        pending.set(id, { sessionId: s.id, content });
        ledger.attempted.add(id);
        return {
          ...req,
          path: "/api/chat-messages",
          headers: { cookie: s.cookie, "content-type": "application/json" },
          body: JSON.stringify({ chatSessionId: s.id, role: "user", content, id }),
        };
      },
      onResponse: (status, body) => {
        if (status !== 200 && status !== 201) return;
        const id = (JSON.parse(body) as { message?: { id?: string } }).message?.id ?? "";
        const sent = pending.get(id);
        if (sent) ledger.acked.set(id, sent);
        pending.delete(id);
      },
    };
    const read = (path: (s: { id: string; projectId: string }) => string): Req => ({
      method: "GET",
      setupRequest: (req) => {
        const s = pick();
        if (!s) return req;
        return { ...req, path: path(s), headers: { cookie: s.cookie } };
      },
    });
    const newestPage = read((s) => `/api/chat-messages?chatSessionId=${s.id}&limit=50`);
    const sessionList = read(
      (s) => `/api/chat-sessions?projectId=${s.projectId}&includeMessages=false&limit=20`,
    );
    const projects = read(() => "/api/projects?limit=30");
    const chat: Req = {
      method: "POST",
      setupRequest: (req) => {
        const s = pick();
        if (!s) return req;
        const id = `soakq-${++counter}-${randomBytes(3).toString("hex")}`;
        const text = `soak question ${id}`;
        pending.set(id, { sessionId: s.id, content: text });
        ledger.attempted.add(id);
        return {
          ...req,
          path: "/api/chat",
          headers: { cookie: s.cookie, "content-type": "application/json" },
          body: JSON.stringify({
            chatSessionId: s.id,
            message: { id, role: "user", parts: [{ type: "text", text }] },
          }),
        };
      },
      onResponse: (status, body) => {
        if (status !== 200) return;
        let userMessageId = "";
        let replyId: string | undefined;
        let text = "";
        let finished = false;
        let error: string | undefined;
        for (const event of body.split("\n\n")) {
          const data = event.replace(/^data: /, "").trim();
          if (!data || data === "[DONE]") continue;
          const part = JSON.parse(data) as {
            type: string;
            messageId?: string;
            delta?: string;
            errorText?: string;
            messageMetadata?: { userMessageId?: string };
          };
          if (part.type === "start") {
            replyId = part.messageId;
            userMessageId = part.messageMetadata?.userMessageId ?? "";
          } else if (part.type === "text-delta") text += part.delta ?? "";
          else if (part.type === "finish") finished = true;
          else if (part.type === "error") error = part.errorText;
        }
        const sent = pending.get(userMessageId);
        if (!sent) return;
        pending.delete(userMessageId);
        ledger.acked.set(userMessageId, sent);
        ledger.chats.push({
          status,
          streamStarted: true,
          replyId,
          text,
          finished,
          error,
          startedAt: 0,
          userMessageId,
          sessionId: sent.sessionId,
        });
      },
    };
    // Per connection, in a loop: 8 writes, 11 reads, 1 chat (a user message and a streamed reply).
    const requests = [
      write,
      newestPage,
      write,
      sessionList,
      write,
      newestPage,
      write,
      projects,
      newestPage,
      write,
      newestPage,
      chat,
      write,
      sessionList,
      newestPage,
      write,
      newestPage,
      write,
      projects,
      newestPage,
    ];

    const rss: { at: number; mib: number }[] = [];
    const startAt = now();
    const sampler = setInterval(() => {
      const mib = rssMiB(serverPid);
      if (mib !== null) rss.push({ at: (now() - startAt) / 1000, mib });
    }, 5_000);
    const statusCodes: Record<string, number> = {};
    const latencies: number[] = [];
    console.log(`  running ${SECONDS} s at ${CONNECTIONS} connections...`);
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: app.url,
          connections: CONNECTIONS,
          duration: SECONDS,
          timeout: 30,
          requests,
        },
        (error, res) => (error ? reject(error) : resolve(res)),
      );
      instance.on("response", (_client, statusCode, _bytes, responseTime) => {
        statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
        latencies.push(responseTime);
      });
      let lastTick = 0;
      instance.on("tick", () => {
        const t = Math.floor((now() - startAt) / 1000);
        if (t - lastTick >= 60) {
          lastTick = t;
          const last = rss.at(-1);
          console.log(
            `  +${t} s: ${latencies.length} requests, RSS ${last?.mib.toFixed(0) ?? "?"} MiB`,
          );
        }
      });
    });
    clearInterval(sampler);

    const warm = rss.find((r) => r.at >= WARMUP_SECONDS) ?? rss[0];
    const end = rss.at(-1);
    const growth = warm && end ? end.mib / warm.mib - 1 : Number.NaN;
    const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
    const errors = result.errors + result.timeouts + result.non2xx;
    report.figure(
      "duration",
      `${SECONDS} s at ${CONNECTIONS} connections (warm-up ${WARMUP_SECONDS} s)`,
    );
    report.figure("requests", `${total} (${JSON.stringify(statusCodes)})`);
    report.figure("req/s", (total / result.duration).toFixed(1));
    report.figure(
      "latency p50 / p99 / max",
      `${percentile(latencies, 50).toFixed(0)} / ${percentile(latencies, 99).toFixed(0)} / ${maxOf(latencies).toFixed(0)} ms`,
    );
    report.figure(
      "errors",
      `${result.errors} socket errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
    report.figure("RSS curve (MiB, every minute)", rssCurve(rss));
    report.figure(
      "RSS after warm-up / at the end / peak",
      `${warm?.mib.toFixed(0)} / ${end?.mib.toFixed(0)} / ${Math.max(...rss.map((r) => r.mib)).toFixed(0)} MiB (${(growth * 100).toFixed(1)} %)`,
    );
    report.check("zero errors", errors === 0, `${errors}`);
    report.check(
      "no pool exhaustion (no 503, no timeout)",
      !statusCodes[503] && result.timeouts === 0,
      `${statusCodes[503] ?? 0} × 503, ${result.timeouts} timeouts`,
    );
    report.check(
      `RSS at the end within ${RSS_TOLERANCE * 100} % of RSS after the warm-up`,
      Math.abs(growth) <= RSS_TOLERANCE,
      `${(growth * 100).toFixed(1)} %`,
    );

    const exitMs = await app.terminate();
    report.figure("exit after SIGTERM", exitMs === null ? "none (killed)" : secs(exitMs));
    const db = await snapshot(
      { postgres: databaseUrl },
      sessions.map((s) => s.id),
    );
    // autocannon stops with up to one request per connection in flight: those may be stored
    // without their answer having been read. Every other stored row must be acknowledged.
    const storedIds = db.messages.filter((m) => m.role === "user").map((m) => m.id);
    const unacked = storedIds.filter((id) => !ledger.acked.has(id));
    const cutOff = unacked.filter((id) => pending.has(id));
    report.figure("writes in flight when the run stopped, stored unanswered", cutOff.length);
    report.check(
      "acknowledged writes equal stored rows",
      unacked.length === cutOff.length && cutOff.length <= CONNECTIONS,
      `${ledger.acked.size} acknowledged, ${storedIds.length} stored = acknowledged + ${cutOff.length} cut off by the end of the run`,
    );
    verifyNothingLost(report, ledger, db);
  } finally {
    await admin(`drop database if exists ${name} with (force)`).catch((error: unknown) =>
      console.error(`  could not drop ${name}:`, error),
    );
  }
});

/** One RSS figure per minute (or per tenth of the run, when shorter). */
function rssCurve(rss: { at: number; mib: number }[]): string {
  const step = Math.max(5, Math.min(60, Math.round(SECONDS / 10)));
  const out: string[] = [];
  for (let t = 0; t <= SECONDS; t += step) {
    const sample = rss.find((r) => r.at >= t);
    if (sample) out.push(`${Math.round(sample.at)}s:${sample.mib.toFixed(0)}`);
  }
  return out.join(" ");
}
