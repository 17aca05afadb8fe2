// Builds (when needed) and starts the app once for the whole e2e run, on a fresh PGlite folder
// with the offline model, and stops it afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { type RunningApp, startApp } from "../../scripts/app-harness";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

let app: RunningApp | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-e2e-"));
  app = await startApp({
    port: Number(process.env.E2E_PORT ?? 3400),
    env: {
      CRAFT_DATA_DIR: dataDir,
      AI_PROVIDER: "offline",
      // Slow enough to see a reply stream in, fast enough for a quick suite.
      AI_OFFLINE_CHUNK_DELAY_MS: "15",
      AUTH_RATE_LIMIT_PER_MINUTE: "0",
      CHAT_RATE_LIMIT_PER_MINUTE: "1000",
    },
  });
  project.provide("baseURL", app.url);
}

export async function teardown() {
  await app?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
