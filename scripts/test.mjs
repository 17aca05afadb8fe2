// npm test: typecheck, lint, then every Vitest suite this machine can run; ends with one count line.
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
if (
  available(
    "e2e",
    fs.existsSync(chromium),
    `no Chromium at ${chromium} (apt-get install -y chromium)`,
  )
) {
  groups.push(["e2e"]); // after the rest: it builds and serves the app, and wants the CPU
}

fs.mkdirSync("test-results", { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
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
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(status);
