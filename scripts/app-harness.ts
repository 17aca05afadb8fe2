// The one way tests, benchmarks and fault scenarios run the built app: `node scripts/start.mjs`
// (which builds first when the sources changed) with their environment, spawned directly (no
// npm, no shell: its pid is the process a signal reaches, its only child is next-server), and
// ready once /api/health answers 200. The e2e setup (tests/e2e/global-setup.ts), bench/ and
// reliability/lib.ts all start it through here.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

/** This repository: the app `startApp` runs unless told another folder. */
export const repositoryDir = path.resolve(import.meta.dirname, "..");

export interface AppOptions {
  port: number;
  /** On top of this process's environment and the production defaults below. */
  env?: Record<string, string>;
  /** The app's folder (a private copy with its own build, say); this repository by default. */
  cwd?: string;
  /** What node runs: `scripts/start.mjs` by default; `next dev` or the bench's floor otherwise. */
  args?: string[];
  /** How errors name it ("the app", "the floor", "next dev"). */
  name?: string;
}

export interface RunningApp {
  url: string;
  /** The spawned node process (start.mjs): SIGTERM to it reaches next-server too. */
  pid: number;
  process: ChildProcess;
  /** Settles when that process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** False once it has exited. */
  readonly alive: boolean;
  /** Everything it printed so far, stdout and stderr in the order they came (build included). */
  logs(): string;
  /** The status /api/health answers, 0 when nothing answers within `timeoutMs`. */
  health(timeoutMs?: number): Promise<number>;
  /** Resolves once /api/health answers 200; throws, with the logs, if it exits or times out. */
  waitHealthy(timeoutMs?: number, pollMs?: number): Promise<void>;
  /** SIGTERM (the app finishes its replies and exits), then waits for the exit. */
  stop(): Promise<void>;
  /** Sends a signal to the spawned process alone (SIGKILL by default). */
  kill(signal?: NodeJS.Signals): void;
}

/** Starting the production build can include `next build`: minutes on a small machine. */
export const BUILD_AND_START_MS = 300_000;

/** Spawns the app and returns at once (`startApp` also waits until it is healthy). */
export function launchApp(options: AppOptions): RunningApp {
  const { port, name = "the app" } = options;
  const child = spawn(process.execPath, options.args ?? ["scripts/start.mjs"], {
    cwd: options.cwd ?? repositoryDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} did not start`);
  let text = "";
  child.stdout?.on("data", (d) => (text += d));
  child.stderr?.on("data", (d) => (text += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const isAlive = () => child.exitCode === null && child.signalCode === null;
  const app: RunningApp = {
    url,
    pid,
    process: child,
    exited,
    get alive() {
      return isAlive();
    },
    logs: () => text,
    health: (timeoutMs = 5_000) =>
      fetch(`${url}/api/health`, { signal: AbortSignal.timeout(timeoutMs) }).then(
        async (r) => {
          await r.arrayBuffer();
          return r.status;
        },
        () => 0,
      ),
    async waitHealthy(timeoutMs = BUILD_AND_START_MS, pollMs = 200) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (!isAlive()) throw new Error(`${name} exited before it was healthy:\n${text}`);
        if ((await app.health()) === 200) return;
        if (Date.now() > deadline) throw new Error(`${name} did not become healthy:\n${text}`);
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
    async stop() {
      if (!isAlive()) return;
      child.kill("SIGTERM");
      await exited;
    },
    kill(signal = "SIGKILL") {
      if (isAlive()) child.kill(signal);
    },
  };
  return app;
}

/**
 * Starts the app (building it first when needed) and resolves once /api/health answers 200.
 * If it exits or stays unhealthy for `timeoutMs`, it is stopped and the error carries its logs.
 */
export async function startApp(
  options: AppOptions & { timeoutMs?: number; pollMs?: number },
): Promise<RunningApp> {
  const app = launchApp(options);
  try {
    await app.waitHealthy(options.timeoutMs, options.pollMs);
  } catch (error) {
    app.kill("SIGTERM");
    throw error;
  }
  return app;
}
