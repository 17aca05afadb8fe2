// In development React runs effects twice (StrictMode): opening an empty project must still
// create exactly one default session, also with two tabs opening it at once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp, type RunningApp } from "../../scripts/app-harness";
import { createUser, expect, signIn, test } from "./fixtures";
import { PORTS } from "./ports";

let dev: RunningApp;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-e2e-dev-"));
  dev = launchApp({
    name: "next dev",
    port: PORTS.dev,
    args: ["node_modules/next/dist/bin/next", "dev", "-p", String(PORTS.dev)],
    env: {
      NODE_ENV: "development",
      CRAFT_DATA_DIR: dataDir,
      DATABASE_URL: "",
      REDIS_URL: "",
      AI_OFFLINE_CHUNK_DELAY_MS: "0",
      AUTH_RATE_LIMIT_PER_MINUTE: "0",
    },
  });
  await dev.waitHealthy(240_000, 500).catch(async (error: unknown) => {
    await dev.stop();
    throw error;
  });
});

test.afterAll(async () => {
  await dev?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.describe("next dev (React StrictMode)", () => {
  test("creates one default session for a new project, however many times it is opened", async ({
    browser,
  }) => {
    test.setTimeout(300_000);
    const user = await createUser(dev.url);
    const { project } = (await user.api("POST", "/api/projects", { name: "Strict" })).body;

    const context = await browser.newContext({ baseURL: dev.url });
    await signIn(context, user, dev.url);
    const [first, second] = await Promise.all([context.newPage(), context.newPage()]);
    const tabs = [first, second];
    // The first visit compiles the page: minutes on a busy machine.
    await Promise.all(tabs.map((tab) => tab.goto(`/projects/${project.id}`, { timeout: 180_000 })));
    await Promise.all(
      tabs.map((tab) => expect(tab.getByTestId("empty-chat")).toBeVisible({ timeout: 60_000 })),
    );
    await first.reload();
    await expect(first.getByTestId("empty-chat")).toBeVisible({ timeout: 60_000 });

    const { chatSessions } = (await user.api("GET", `/api/chat-sessions?projectId=${project.id}`))
      .body;
    expect(chatSessions).toHaveLength(1);
    const ids = tabs.map((tab) => new URL(tab.url()).searchParams.get("session"));
    expect(ids).toEqual([chatSessions[0].id, chatSessions[0].id]);
    await context.close();
  });
});
