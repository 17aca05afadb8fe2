// npm test: typecheck, lint, then every Vitest suite this machine can run, then the Playwright
// end-to-end suite when Chromium is there; ends with one count line for all of them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const ci = process.env.CI === "true";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function run(label, command, args) {
  console.log(`\n[test] ${label}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`[test] ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

/** A suite that needs something this machine may lack: required under CI, skipped aloud otherwise. */
function available(name, present, missing) {
  if (present) return true;
  if (ci) {
    console.error(`[test] CI=true but ${missing}: the ${name} suite cannot be skipped in CI`);
    process.exit(1);
  }
  console.log(`[test] skipping ${name}: ${missing}`);
  return false;
}

run("typecheck", "npm", ["run", "--silent", "typecheck"]);
run("lint", "npx", ["biome", "check", "."]);

const fast = ["unit", "integration-pglite"];
if (
  available("integration-postgres", process.env.TEST_DATABASE_URL, "TEST_DATABASE_URL is not set")
) {
  fast.push("integration-postgres");
}
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const groups = [fast];
const e2e = available(
  "e2e",
  fs.existsSync(chromium),
  `no Chromium at ${chromium} (apt-get install -y chromium)`,
);
// The two-instance spec (tagged @services) needs PostgreSQL and Redis.
const services =
  e2e &&
  available(
    "e2e on two instances",
    process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL,
    "TEST_DATABASE_URL or TEST_REDIS_URL is not set",
  );

fs.mkdirSync("test-results", { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
let flaky = 0;
let status = 0;
for (const [index, projects] of groups.entries()) {
  const report = `test-results/vitest-${index}.json`;
  fs.rmSync(report, { force: true });
  const args = ["vitest", "run", ...projects.flatMap((p) => ["--project", p])];
  args.push("--reporter=default", "--reporter=json", `--outputFile.json=${report}`);
  console.log(`\n[test] vitest: ${projects.join(", ")}`);
  const result = spawnSync("npx", args, { stdio: "inherit", env });
  if (result.status !== 0) status = result.status ?? 1;
  if (!fs.existsSync(report)) {
    console.error(`[test] vitest wrote no report for ${projects.join(", ")}`);
    status ||= 1;
    continue;
  }
  const counts = JSON.parse(fs.readFileSync(report, "utf8"));
  passed += counts.numPassedTests;
  failed += counts.numFailedTests;
  skipped += counts.numPendingTests + counts.numTodoTests;
}

// After the rest: it builds and serves the app, and wants the CPU (playwright.config.ts).
if (e2e) {
  const report = "test-results/playwright.json";
  fs.rmSync(report, { force: true });
  console.log("\n[test] playwright: npx playwright test");
  const args = ["playwright", "test", "--reporter=list,json"];
  if (!services) args.push("--grep-invert", "@services");
  const result = spawnSync("npx", args, {
    stdio: "inherit",
    env: { ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: report },
  });
  if (result.status !== 0) status = result.status ?? 1;
  if (!fs.existsSync(report)) {
    console.error("[test] playwright wrote no report");
    status ||= 1;
  } else {
    const { stats, errors = [] } = JSON.parse(fs.readFileSync(report, "utf8"));
    // Flaky: failed, then passed on a retry. It counts as passed, and is said.
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    skipped += stats.skipped;
    flaky += stats.flaky;
    if (errors.length) {
      console.error(`[test] playwright: ${errors.length} error(s) outside any test (setup?)`);
      status ||= 1;
    }
  }
}

console.log(
  `\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${
    flaky ? ` (${flaky} of the passed flaky: failed first, passed on a retry)` : ""
  }`,
);
process.exit(status);
