// Shared pieces of the benchmark scripts: launch Chromium, sign up, percentiles, one child
// process per database configuration. The app (and the floor) start through
// scripts/app-harness.ts, like the e2e tests' and the fault scenarios'.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium (Playwright's own download cannot work on these machines). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** No sandbox, GPU or background traffic of its own (the e2e tests' config uses them too). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Chromium headless, as the e2e tests run it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface SignedUp {
  /** The cookie header to send. */
  cookie: string;
  userId: string;
}

/** Signs a new user up through the app (Better Auth hashes the password, opens a session). */
export async function signUp(url: string): Promise<SignedUp> {
  const res = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    // Better Auth refuses a cookie-less sign-up without an Origin: send the app's own.
    headers: { "content-type": "application/json", origin: new URL(url).origin },
    body: JSON.stringify({
      name: "Bench",
      email: `bench-${Date.now()}-${Math.random()}@example.com`,
      password: "benchmark password",
    }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="));
  const body = (await res.json()) as { user?: { id?: string } };
  return { cookie: cookie?.split(";")[0] ?? "", userId: body.user?.id ?? "" };
}

/** Signs a new user up and returns the cookie header to send. */
export async function signUpCookie(url: string): Promise<string> {
  return (await signUp(url)).cookie;
}

export async function postJson<T>(url: string, cookie: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * Runs a bench script once per database configuration, each in a child process of its own (the
 * app reads its environment once), the configuration in `variable`; exits on a failure.
 */
export function runPerConfig(script: string, variable: string, configs: string[]): void {
  for (const config of configs) {
    const child = spawnSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", script],
      { env: { ...process.env, [variable]: config }, stdio: "inherit" },
    );
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
}

/**
 * Readies this process to drive the app's route handlers in process (bench:branches,
 * bench:search): a data folder and a PostgreSQL database name of its own, production mode, the
 * offline model, no limits and no Redis (every read reaches the database). Returns both names.
 */
export function inProcessApp(
  name: string,
  extra: Record<string, string> = {},
): { dataDir: string; dbName: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `craft-${name}-`));
  const dbName = `craft_${name}_${randomBytes(4).toString("hex")}`;
  Object.assign(process.env, {
    CRAFT_DATA_DIR: dataDir,
    NODE_ENV: "production",
    BETTER_AUTH_URL: "http://localhost:3000",
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_RATE_LIMIT_PER_MINUTE: "0",
    CHAT_RATE_LIMIT_PER_MINUTE: "1000000",
    AI_PROVIDER: "offline",
    ...extra,
  });
  delete process.env.REDIS_URL;
  return { dataDir, dbName };
}

type InProcessSend = typeof import("../tests/helpers/app").send;

/** Signs a user up through the in-process auth route (after inProcessApp): cookie and id. */
export async function signUpInProcess(
  send: InProcessSend,
  { name = "Bench", email = "bench@example.com" } = {},
): Promise<SignedUp> {
  const res = await send("POST", "/api/auth/sign-up/email", undefined, {
    body: { name, email, password: "correct horse battery" },
  });
  const cookie = res.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  const userId = ((await res.json()) as { user: { id: string } }).user.id;
  return { cookie, userId };
}

/** Seed SQL straight through the in-process database's own driver (pg or PGlite). */
export function rawExec(db: unknown): (sql: string, params?: unknown[]) => Promise<void> {
  const raw = (db as { $client: { query: (s: string, p?: unknown[]) => unknown } }).$client;
  return async (sql, params) => {
    await raw.query(sql, params);
  };
}
