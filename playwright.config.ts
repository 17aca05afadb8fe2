// End-to-end tests: Playwright Test driving Debian's Chromium (Playwright's own browser download
// cannot work on these machines) against the built app, which tests/e2e/global-setup.ts builds
// when needed and starts once for the run. `npx playwright test`, or `npm test` for everything.
import { defineConfig } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "./bench/lib";
import { PORTS } from "./tests/e2e/ports";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./tests/e2e/global-setup.ts",
  // Traces and screenshots of failed tests, and the app's log (gitignored).
  outputDir: "test-results/playwright",
  // One browser at a time on a 2-core machine: the app under test needs the rest.
  workers: 1,
  forbidOnly: process.env.CI === "true",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    baseURL: `http://127.0.0.1:${PORTS.app}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [{ name: "chromium" }],
});
