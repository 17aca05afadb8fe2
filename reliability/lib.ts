// Shared pieces of the fault scenarios: start and kill the built app, talk to its API the way a
// client does, read the database directly once the app is stopped, print figures and verdicts.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { launchApp, type RunningApp } from "../scripts/app-harness";

/** The app to run: CRAFT_APP_DIR (a private copy with its own build), else this repository. */
export const appDir = path.resolve(
  process.env.CRAFT_APP_DIR ?? path.join(import.meta.dirname, ".."),
);

/** Where each scenario leaves its figures as JSON, for the summary of `npm run test:faults`. */
export const resultsDir =
  process.env.RELIABILITY_RESULTS_DIR ?? path.join(os.tmpdir(), "craft-reliability");

const started = performance.now();
/** Milliseconds since this script started: every timestamp in the scenarios uses it. */
export const now = () => performance.now() - started;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const uid = (prefix: string) => `${prefix}-${randomBytes(6).toString("hex")}`;

export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The largest value (Math.max(...values) overflows the stack at a soak's 200,000 samples). */
export function maxOf(values: number[]): number {
  return values.reduce((max, v) => Math.max(max, v), Number.NEGATIVE_INFINITY);
}

// ---------------------------------------------------------------------------------------------
// Figures and verdicts

interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

/** One scenario's printed figures and PASS/FAIL checks; `finish` exits non-zero on any FAIL. */
export class Report {
  readonly figures: Record<string, string | number> = {};
  readonly checks: Check[] = [];

  constructor(readonly name: string) {
    console.log(`\n=== ${name} ===`);
  }

  section(title: string): void {
    console.log(`\n--- ${title}`);
  }

  figure(label: string, value: string | number): void {
    this.figures[label] = value;
    console.log(`  ${label}: ${value}`);
  }

  check(name: string, ok: boolean, detail?: string): boolean {
    this.checks.push({ name, ok, detail });
    console.log(`  ${ok ? "PASS" : "FAIL"}  ${name}${detail ? ` (${detail})` : ""}`);
    return ok;
  }

  get failed(): number {
    return this.checks.filter((c) => !c.ok).length;
  }

  /** Prints the verdict, saves the figures as JSON, stops every app still running, exits. */
  async finish(): Promise<never> {
    const passed = this.failed === 0 && this.checks.length > 0;
    console.log(
      `\nRESULT ${this.name}: ${passed ? "PASS" : "FAIL"} (${this.checks.length - this.failed}/${this.checks.length} checks)`,
    );
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(
      path.join(resultsDir, `${slug(this.name)}.json`),
      JSON.stringify(
        { name: this.name, passed, figures: this.figures, checks: this.checks },
        null,
        2,
      ),
    );
    await cleanUp();
    // Every app's output, for the details behind a FAIL.
    for (const [i, app] of allApps.entries()) {
      const file = `${slug(this.name)}.app-${i + 1}-port-${app.options.port}.log`;
      fs.writeFileSync(path.join(resultsDir, file), app.log());
    }
    console.log(`  (figures and app logs in ${resultsDir})`);
    process.exit(passed ? 0 : 1);
  }
}

const cleanups: (() => Promise<unknown>)[] = [];

/** Registers work for the end of the scenario, even an interrupted one (drop a database...). */
export function atCleanUp(work: () => Promise<unknown>): void {
  cleanups.push(work);
}

/** Stops every app still running, removes their temporary data folders, runs `atCleanUp` work. */
async function cleanUp(): Promise<void> {
  await killAllApps();
  if (process.env.RELIABILITY_KEEP_DATA !== "1")
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  for (const work of cleanups.splice(0)) await work().catch(() => {});
}

const slug = (s: string) => s.replace(/[^a-z0-9]+/gi, "-").toLowerCase();

/** Runs a scenario; an exception is a FAIL with its message, never a hang or a stray process. */
export async function scenario(name: string, body: (report: Report) => Promise<void>) {
  const report = new Report(name);
  const onSignal = () => {
    console.error(`\n${name}: interrupted, cleaning up`);
    void cleanUp().then(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await body(report);
  } catch (error) {
    report.check(
      "scenario ran to its end",
      false,
      error instanceof Error ? error.message : String(error),
    );
    if (error instanceof Error && error.stack) console.error(error.stack);
  }
  await report.finish();
}

// ---------------------------------------------------------------------------------------------
// The app under test

/** The environment every scenario runs the app with, on top of its own. */
export const baseEnv: Record<string, string> = {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_RATE_LIMIT_PER_MINUTE: "0",
  CHAT_RATE_LIMIT_PER_MINUTE: "100000",
  // Empty, not unset: an inherited value (or a .env file) must not point the app elsewhere.
  DATABASE_URL: "",
  REDIS_URL: "",
};

const tempDirs: string[] = [];

/** A fresh temporary data folder, removed when the scenario ends (RELIABILITY_KEEP_DATA=1 keeps it). */
export function tempDataDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `craft-rel-${label}-`));
  tempDirs.push(dir);
  return dir;
}

const running = new Set<App>();
const allApps: App[] = [];

export interface AppOptions {
  port: number;
  /** CRAFT_DATA_DIR; a fresh temporary folder when not given. */
  dataDir?: string;
  env?: Record<string, string>;
  /** Wait for /api/health to answer 200 (default true). */
  waitHealthy?: boolean;
  healthTimeoutMs?: number;
}

/**
 * `node scripts/start.mjs` through scripts/app-harness.ts (spawned directly, no npm, no shell):
 * its pid is the process that gets SIGTERM, and its only child is the next-server process.
 */
export class App {
  readonly url: string;
  readonly dataDir: string;
  readonly proc: ChildProcess;
  readonly startedAt = now();
  /** Resolves when start.mjs has exited, with when (ms since the script started). */
  readonly exited: Promise<{ code: number | null; signal: string | null; at: number }>;
  private readonly app: RunningApp;

  constructor(readonly options: AppOptions) {
    this.dataDir = options.dataDir ?? tempDataDir(`app${options.port}`);
    this.app = launchApp({
      port: options.port,
      cwd: appDir,
      env: { ...baseEnv, CRAFT_DATA_DIR: this.dataDir, ...options.env },
    });
    this.url = this.app.url;
    this.proc = this.app.process;
    this.exited = this.app.exited.then(({ code, signal }) => {
      running.delete(this);
      return { code, signal, at: now() };
    });
    running.add(this);
    allApps.push(this);
  }

  get pid(): number {
    return this.app.pid;
  }

  get alive(): boolean {
    return this.app.alive;
  }

  private get text(): string {
    return this.app.logs();
  }

  /** Everything the app printed so far. */
  log(): string {
    return this.text;
  }

  /** The same, line by line, the app's own lines read from their JSON. */
  logLines(): LogLine[] {
    return this.text
      .split("\n")
      .filter(Boolean)
      .map((raw) => {
        try {
          const fields: unknown = JSON.parse(raw);
          if (typeof fields === "object" && fields !== null) return { ...fields, raw };
        } catch {
          // Next's own output, or a line cut short by a kill
        }
        return { raw };
      });
  }

  /** The next-server process: start.mjs's child. */
  serverPid(): number | undefined {
    return childPids(this.pid)[0];
  }

  health(timeoutMs = 5_000): Promise<number> {
    return this.app.health(timeoutMs);
  }

  async waitHealthy(timeoutMs = 180_000): Promise<number> {
    await this.app.waitHealthy(timeoutMs);
    return now();
  }

  /**
   * SIGTERM to start.mjs (which passes it on). Resolves with the ms it took to exit, or null
   * when it had not exited after `timeoutMs` (it is then killed with SIGKILL).
   */
  async terminate(timeoutMs = 40_000): Promise<number | null> {
    if (!this.alive) return 0;
    const at = now();
    this.proc.kill("SIGTERM");
    const exit = await Promise.race([this.exited, sleep(timeoutMs).then(() => null)]);
    if (exit) return exit.at - at;
    console.error(
      `  the app on :${this.options.port} did not exit within ${timeoutMs} ms of SIGTERM; its log ends:\n${tail(this.log(), 15)}`,
    );
    this.kill9();
    await this.exited;
    return null;
  }

  /** kill -9 of next-server, then of start.mjs: nothing gets to clean up. */
  kill9(): void {
    const server = this.serverPid();
    if (server) killPid(server, "SIGKILL");
    if (this.alive) killPid(this.pid, "SIGKILL");
  }
}

export async function startApp(options: AppOptions): Promise<App> {
  const app = new App(options);
  if (options.waitHealthy !== false) await app.waitHealthy(options.healthTimeoutMs);
  return app;
}

async function killAllApps(): Promise<void> {
  for (const app of running) {
    app.kill9();
    await Promise.race([app.exited, sleep(5_000)]);
  }
}

export function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Children of a process, from /proc/<pid>/task/<tid>/children. */
export function childPids(pid: number): number[] {
  const tasks = `/proc/${pid}/task`;
  if (!fs.existsSync(tasks)) return [];
  const found: number[] = [];
  for (const tid of fs.readdirSync(tasks)) {
    try {
      const text = fs.readFileSync(`${tasks}/${tid}/children`, "utf8").trim();
      for (const child of text.split(/\s+/)) if (child) found.push(Number(child));
    } catch {
      // the task ended meanwhile
    }
  }
  return found;
}

/** VmRSS of a process in MiB, or null when it is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** The kernel's state letter for a process (R, S, Z for a zombie...), or null once it is gone. */
export function processState(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) || null;
  } catch {
    return null;
  }
}

/** Waits until a process is gone from /proc (reaped, not a zombie); resolves with how long. */
export async function waitReaped(pid: number, timeoutMs = 30_000): Promise<number> {
  const at = now();
  while (processState(pid) !== null && now() < at + timeoutMs) await sleep(50);
  return now() - at;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One line of an app's log. The app writes JSON (its stdout is a pipe here): `area` (the old
 * "[craft]" prefix), `msg`, and for a failure `err` and maybe `stack`. Next's own lines are text.
 */
export interface LogLine {
  /** The line as written. */
  raw: string;
  area?: string;
  level?: string;
  msg?: string;
  err?: string;
  stack?: string;
  [field: string]: unknown;
}

/**
 * Checks an app's log for exceptions nothing handled (Next.js logs them and carries on), and
 * for failed queries logged with their parameters (a session token or a message's text; F7):
 * a "params:" tail in any field once decoded, or a `params` key anywhere in a line.
 */
export function checkAppLog(report: Report, app: App, label = ""): void {
  const lines = app.logLines();
  const prefix = label ? `${label}: ` : "";
  const uncaught = lines.filter((l) => /uncaughtException|unhandledRejection/.test(l.raw));
  report.check(
    `${prefix}no uncaught exception in the app's log`,
    uncaught.length === 0,
    uncaught.length ? `${uncaught.length}, e.g. ${uncaught[0]?.raw.trim()}` : "",
  );
  const params = lines.filter((l) =>
    Object.values(l).some((value) => typeof value === "string" && /\bparams"?:/.test(value)),
  );
  report.check(
    `${prefix}no query parameters in the app's log`,
    params.length === 0,
    params.length ? `${params.length}, e.g. ${params[0]?.raw.trim().slice(0, 200)}` : "",
  );
}

// ---------------------------------------------------------------------------------------------
// The API, as a client sees it

export interface Answer<T = unknown> {
  /** HTTP status; 0 for a network error, -1 when the client-side timeout fired. */
  status: number;
  body: T | null;
  startedAt: number;
  endedAt: number;
  ms: number;
  error?: string;
}

export async function call<T = unknown>(
  url: string,
  {
    method = "GET",
    cookie,
    body,
    timeoutMs = 30_000,
  }: { method?: string; cookie?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<Answer<T>> {
  const startedAt = now();
  const done = (status: number, parsed: T | null, error?: string): Answer<T> => {
    const endedAt = now();
    return { status, body: parsed, startedAt, endedAt, ms: endedAt - startedAt, error };
  };
  try {
    const res = await fetch(url, {
      method,
      headers: {
        ...(cookie && { cookie }),
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: T | null = null;
    try {
      parsed = JSON.parse(text) as T;
    } catch {
      parsed = null;
    }
    return done(res.status, parsed);
  } catch (error) {
    const e = error as Error;
    const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
    return done(timedOut ? -1 : 0, null, describe(error));
  }
}

export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

/** Signs a new user up; returns the cookie header to send. */
export async function signUp(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({
      name: "Reliability",
      email: `${uid("rel")}@example.com`,
      password: "reliability password",
    }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!cookie) throw new Error("sign-up set no session cookie");
  return cookie.split(";")[0] ?? "";
}

async function must<T>(answer: Promise<Answer<T>>, what: string): Promise<T> {
  const a = await answer;
  if (a.status < 200 || a.status > 299 || !a.body)
    throw new Error(`${what}: ${a.status} ${a.error ?? JSON.stringify(a.body)}`);
  return a.body;
}

export async function createProject(url: string, cookie: string): Promise<string> {
  const body = await must(
    call<{ project: { id: string } }>(`${url}/api/projects`, {
      method: "POST",
      cookie,
      body: { name: "Reliability" },
    }),
    "create project",
  );
  return body.project.id;
}

export async function createSession(url: string, cookie: string, projectId: string) {
  const body = await must(
    call<{ chatSession: { id: string } }>(`${url}/api/chat-sessions`, {
      method: "POST",
      cookie,
      body: { projectId },
    }),
    "create session",
  );
  return body.chatSession.id;
}

/** A user with one project and `sessions` chat sessions. */
export async function setUpUser(url: string, sessions = 1) {
  const cookie = await signUp(url);
  const projectId = await createProject(url, cookie);
  const sessionIds: string[] = [];
  for (let i = 0; i < sessions; i++) sessionIds.push(await createSession(url, cookie, projectId));
  return { cookie, projectId, sessionIds };
}

/** POST /api/chat-messages with a client-chosen id (idempotent: a retry never stores twice). */
export function postMessage(
  url: string,
  cookie: string,
  message: { chatSessionId: string; id: string; content: string },
  timeoutMs = 30_000,
) {
  return call<{ message: { id: string } }>(`${url}/api/chat-messages`, {
    method: "POST",
    cookie,
    body: { ...message, role: "user" },
    timeoutMs,
  });
}

export interface ChatProgress {
  status: number;
  /** True once the reply's stream began (a 200 with its `start` event): the request was accepted. */
  streamStarted: boolean;
  replyId?: string;
  /** Every text delta so far, joined. */
  text: string;
  /** The stream's `finish` event arrived. */
  finished: boolean;
  /** An `error` event, a network error or a timeout. */
  error?: string;
  startedAt: number;
  endedAt?: number;
}

/**
 * POST /api/chat, read as a stream. `progress` fills in as events arrive; `done` resolves when
 * the stream ends (or breaks, or times out).
 */
export function startChat(
  url: string,
  cookie: string,
  input: { chatSessionId: string; id: string; text: string },
  timeoutMs = 60_000,
): { progress: ChatProgress; done: Promise<ChatProgress> } {
  const progress: ChatProgress = {
    status: 0,
    streamStarted: false,
    text: "",
    finished: false,
    startedAt: now(),
  };
  const done = (async () => {
    try {
      const res = await fetch(`${url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({
          chatSessionId: input.chatSessionId,
          message: { id: input.id, role: "user", parts: [{ type: "text", text: input.text }] },
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      progress.status = res.status;
      if (!res.ok || !res.body) {
        await res.arrayBuffer().catch(() => {});
        return progress;
      }
      const decoder = new TextDecoder();
      let buffer = "";
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const event = buffer
            .slice(0, end)
            .replace(/^data: /, "")
            .trim();
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          if (!event || event === "[DONE]") continue;
          const part = JSON.parse(event) as {
            type: string;
            messageId?: string;
            delta?: string;
            errorText?: string;
          };
          if (part.type === "start") {
            progress.streamStarted = true;
            progress.replyId = part.messageId;
          } else if (part.type === "text-delta") progress.text += part.delta ?? "";
          else if (part.type === "finish") progress.finished = true;
          else if (part.type === "error") progress.error = part.errorText;
        }
      }
    } catch (error) {
      progress.error = describe(error);
      if ((error as Error).name === "TimeoutError") progress.status = -1;
    } finally {
      progress.endedAt = now();
    }
    return progress;
  })();
  return { progress, done };
}

// ---------------------------------------------------------------------------------------------
// The database, read directly once the app is stopped

export interface MessageRow {
  id: string;
  chat_session_id: string;
  seq: number;
  role: string;
  content: string;
  status: string;
  /** A reply's parent is the question it answers. */
  parent_id: string | null;
}

export interface SessionRow {
  id: string;
  message_count: number;
  last_message_seq: number;
}

export interface Snapshot {
  messages: MessageRow[];
  sessions: SessionRow[];
  /** Messages whose session row does not exist. */
  orphanMessages: number;
}

export type DatabaseTarget = { postgres: string } | { pglite: string };

type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Opens the app's database from outside (PGlite: only once the app has stopped). */
export async function withDatabase<T>(
  target: DatabaseTarget,
  body: (query: Query) => Promise<T>,
): Promise<T> {
  if ("postgres" in target) {
    const client = new pg.Client({ connectionString: target.postgres });
    await client.connect();
    try {
      return await body(async (sql, params) => (await client.query(sql, params)).rows);
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(path.join(target.pglite, "pglite"));
  try {
    return await body(
      async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
    );
  } finally {
    await db.close();
  }
}

export function snapshot(target: DatabaseTarget, sessionIds: string[]): Promise<Snapshot> {
  return withDatabase(target, async (query) => {
    const messages = (await query(
      `select id, chat_session_id, seq, role, content, status, parent_id
         from chat_messages where chat_session_id = any($1) order by chat_session_id, seq`,
      [sessionIds],
    )) as unknown as MessageRow[];
    const sessions = (await query(
      "select id, message_count, last_message_seq from chat_sessions where id = any($1)",
      [sessionIds],
    )) as unknown as SessionRow[];
    const [orphans] = await query(
      `select count(*)::int as n from chat_messages m
         left join chat_sessions s on s.id = m.chat_session_id where s.id is null`,
    );
    return { messages, sessions, orphanMessages: Number(orphans?.n ?? 0) };
  });
}

// ---------------------------------------------------------------------------------------------
// "Nothing lost"

/** What the client was told was accepted, to compare with the database afterwards. */
export class Ledger {
  /** User messages acknowledged: a 2xx from /api/chat-messages, or a /api/chat stream that began. */
  readonly acked = new Map<string, { sessionId: string; content: string }>();
  /** /api/chat requests whose stream began. */
  readonly chats: (ChatProgress & { userMessageId: string; sessionId: string })[] = [];
  /** Every message id a request was sent for (acknowledged or not). */
  readonly attempted = new Set<string>();
}

/**
 * Compares the database with the ledger: every acknowledged message stored once with its
 * content, every started reply stored in exactly one final state, replies the client received
 * in full stored complete, and the sessions' counters and orders consistent.
 */
export function verifyNothingLost(
  report: Report,
  ledger: Ledger,
  db: Snapshot,
  {
    label = "",
    finishedRepliesComplete = true,
  }: { label?: string; finishedRepliesComplete?: boolean } = {},
): void {
  const p = label ? `${label}: ` : "";
  const byId = new Map(db.messages.map((m) => [m.id, m]));
  const users = db.messages.filter((m) => m.role === "user");
  const replies = db.messages.filter((m) => m.role === "assistant");

  const missing = [...ledger.acked].filter(([id]) => !byId.has(id));
  const altered = [...ledger.acked].filter(([id, m]) => {
    const row = byId.get(id);
    return row && (row.content !== m.content || row.chat_session_id !== m.sessionId);
  });
  report.figure(`${p}acknowledged user messages`, ledger.acked.size);
  report.figure(`${p}user messages stored`, users.length);
  report.figure(`${p}replies stored`, replies.length);
  report.check(
    `${p}every acknowledged message is stored with its content`,
    missing.length === 0 && altered.length === 0,
    `${missing.length} missing${missing.length ? ` e.g. ${missing[0]?.[0]}` : ""}, ${altered.length} altered`,
  );

  // Every message we send carries its own id in its text: two rows with one text is a double.
  const contents = new Map<string, number>();
  for (const m of users) contents.set(m.content, (contents.get(m.content) ?? 0) + 1);
  const doubled = [...contents.values()].filter((n) => n > 1).length;
  const stray = users.filter((m) => !ledger.attempted.has(m.id)).length;
  report.check(
    `${p}nothing stored twice, nothing stored that was not sent`,
    doubled === 0 && stray === 0,
    `${doubled} doubled, ${stray} unknown`,
  );

  const repliesPerQuestion = new Map<string, number>();
  for (const r of replies)
    if (r.parent_id)
      repliesPerQuestion.set(r.parent_id, (repliesPerQuestion.get(r.parent_id) ?? 0) + 1);
  const orphanReplies = replies.filter(
    (r) => !r.parent_id || byId.get(r.parent_id)?.role !== "user",
  ).length;
  const twice = [...repliesPerQuestion.values()].filter((n) => n > 1).length;
  report.check(
    `${p}no orphan rows`,
    orphanReplies === 0 && twice === 0 && db.orphanMessages === 0,
    `${orphanReplies} replies without their question, ${twice} questions with 2+ replies, ${db.orphanMessages} messages without a session`,
  );

  const states: Record<string, number> = {};
  for (const r of replies) states[r.status] = (states[r.status] ?? 0) + 1;
  report.figure(`${p}reply states`, JSON.stringify(states));
  const unfinished = replies.filter((r) => !["complete", "partial", "error"].includes(r.status));
  report.check(
    `${p}every reply ends in exactly one state (complete, partial or error)`,
    unfinished.length === 0,
    `${unfinished.length} still ${[...new Set(unfinished.map((r) => r.status))].join("/") || "streaming"}`,
  );

  const started = ledger.chats.filter((c) => c.streamStarted);
  const lostReplies = started.filter((c) => {
    const row = c.replyId ? byId.get(c.replyId) : undefined;
    return row?.role !== "assistant" || row.parent_id !== c.userMessageId;
  });
  report.check(
    `${p}every reply whose stream started is stored, linked to its question`,
    lostReplies.length === 0,
    `${started.length} started, ${lostReplies.length} missing`,
  );
  if (finishedRepliesComplete) {
    const received = started.filter((c) => c.finished && !c.error);
    const notComplete = received.filter((c) => {
      const row = c.replyId ? byId.get(c.replyId) : undefined;
      return row?.status !== "complete" || row.content !== c.text;
    });
    report.check(
      `${p}every reply received in full is stored complete with the same text`,
      notComplete.length === 0,
      `${received.length} received in full, ${notComplete.length} not stored so${
        notComplete[0]
          ? ` e.g. ${notComplete[0].replyId} stored ${byId.get(notComplete[0].replyId ?? "")?.status} with ${byId.get(notComplete[0].replyId ?? "")?.content.length} of ${notComplete[0].text.length} chars`
          : ""
      }`,
    );
  }

  const bad: string[] = [];
  for (const s of db.sessions) {
    const rows = db.messages.filter((m) => m.chat_session_id === s.id);
    const seqs = new Set(rows.map((m) => m.seq));
    const max = Math.max(0, ...rows.map((m) => m.seq));
    if (s.message_count !== rows.length)
      bad.push(`${s.id}: count ${s.message_count} ≠ ${rows.length} rows`);
    if (seqs.size !== rows.length) bad.push(`${s.id}: repeated seq`);
    if (s.last_message_seq < max) bad.push(`${s.id}: last seq ${s.last_message_seq} < ${max}`);
  }
  report.check(
    `${p}session counters and message order consistent`,
    bad.length === 0,
    bad.slice(0, 3).join("; ") || `${db.sessions.length} sessions`,
  );
}
