// Shared pieces of the benchmark scripts (and the e2e tests): start the built app (or the floor),
// launch Chromium, sign up, percentiles.
import { type ChildProcess, spawn } from "node:child_process";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium (Playwright's own download cannot work on these machines). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Chromium headless, with no sandbox, GPU or background traffic of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface RunningApp {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** Everything the app printed so far (build output included). */
  output(): string;
}

/** Starts the production build (building it first if needed) and waits for /api/health. */
export function startApp(port: number, env: Record<string, string>): Promise<RunningApp> {
  return startServer("the app", ["scripts/start.mjs"], {
    env: { PORT: String(port), NODE_ENV: "production", ...env },
    port,
    timeoutMs: 300_000,
    pollMs: 250,
  });
}

/**
 * Spawns `node <args>` and waits until it answers /api/health on `port`; kills it and throws,
 * with its output, if it exits or stays unhealthy for `timeoutMs`.
 */
export async function startServer(
  what: string,
  args: string[],
  {
    env,
    port,
    timeoutMs,
    pollMs,
  }: { env: Record<string, string>; port: number; timeoutMs: number; pollMs: number },
): Promise<RunningApp> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited:\n${log}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`${what} did not become healthy:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return {
    url,
    process: child,
    output: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
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
