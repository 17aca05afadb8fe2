// Shared pieces of the benchmark scripts: start the built app, sign up, percentiles.
import { type ChildProcess, spawn } from "node:child_process";

export interface RunningApp {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the production build (building it first if needed) and waits for /api/health. */
export async function startApp(port: number, env: Record<string, string>): Promise<RunningApp> {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: String(port), NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited:\n${log}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the app did not become healthy:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Signs a new user up and returns the cookie header to send. */
export async function signUpCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "Bench",
      email: `bench-${Date.now()}-${Math.random()}@example.com`,
      password: "benchmark password",
    }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="));
  return cookie?.split(";")[0] ?? "";
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
