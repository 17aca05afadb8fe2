// Builds (when needed) and starts the app once for the whole e2e run, on a fresh PGlite folder
// with the offline model, and stops it afterwards. Its log is kept in test-results/playwright.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { startApp } from "../../scripts/app-harness";
import { PORTS } from "./ports";

export default async function globalSetup(config: FullConfig) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-e2e-"));
  const app = await startApp({
    port: PORTS.app,
    env: {
      CRAFT_DATA_DIR: dataDir,
      // Empty, not unset: an inherited value (or a .env file) must not point the app elsewhere.
      DATABASE_URL: "",
      REDIS_URL: "",
      AI_PROVIDER: "offline",
      // Slow enough to see a reply stream in, fast enough for a quick suite.
      AI_OFFLINE_CHUNK_DELAY_MS: "15",
      AUTH_RATE_LIMIT_PER_MINUTE: "0",
      CHAT_RATE_LIMIT_PER_MINUTE: "1000",
    },
  }).catch((error: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  return async () => {
    await app.stop();
    const log = path.join(config.projects[0]?.outputDir ?? "test-results", "app.log");
    fs.mkdirSync(path.dirname(log), { recursive: true });
    fs.writeFileSync(log, app.logs());
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
