// In development React runs effects twice (StrictMode): opening an empty project must still
// create exactly one default session, also with two tabs opening it at once.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";

const PORT = Number(process.env.E2E_DEV_PORT ?? 3401);
const url = `http://127.0.0.1:${PORT}`;
let dev: ChildProcess;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-e2e-dev-"));
  dev = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "-p", String(PORT)], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      CRAFT_DATA_DIR: dataDir,
      AI_OFFLINE_CHUNK_DELAY_MS: "0",
      AUTH_RATE_LIMIT_PER_MINUTE: "0",
    },
    stdio: "ignore",
  });
  const deadline = Date.now() + 240_000;
  while (
    !(await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || dev.exitCode !== null) throw new Error("next dev did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (dev.exitCode === null) {
    const exited = new Promise((resolve) => dev.once("exit", resolve));
    dev.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("next dev (React StrictMode)", () => {
  it("creates one default session for a new project, however many times it is opened", async () => {
    const headers = { "content-type": "application/json", origin: url };
    const signUp = await fetch(`${url}/api/auth/sign-up/email`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        name: "Dev",
        email: `dev-${Date.now()}@example.com`,
        password: "dev password 1",
      }),
    });
    const cookie =
      (signUp.headers.getSetCookie().find((c) => c.includes("session_token=")) ?? "").split(
        ";",
      )[0] ?? "";
    const created = await fetch(`${url}/api/projects`, {
      method: "POST",
      headers: { ...headers, cookie },
      body: JSON.stringify({ name: "Strict" }),
    });
    const { project } = await created.json();

    const context = await browser.newContext({ baseURL: url });
    const [name, ...value] = cookie.split("=");
    await context.addCookies([{ name: name ?? "", value: value.join("="), url }]);
    const tabs = await Promise.all([context.newPage(), context.newPage()]);
    await Promise.all(tabs.map((tab) => tab.goto(`/projects/${project.id}`, { timeout: 180_000 })));
    await Promise.all(
      tabs.map((tab) => tab.getByTestId("empty-chat").waitFor({ timeout: 60_000 })),
    );
    await tabs[0]?.reload();
    await tabs[0]?.getByTestId("empty-chat").waitFor({ timeout: 60_000 });

    const list = await fetch(`${url}/api/chat-sessions?projectId=${project.id}`, {
      headers: { cookie },
    });
    const { chatSessions } = await list.json();
    expect(chatSessions).toHaveLength(1);
    const ids = tabs.map((tab) => new URL(tab.url()).searchParams.get("session"));
    expect(ids).toEqual([chatSessions[0].id, chatSessions[0].id]);
    await context.close();
  }, 300_000);
});
