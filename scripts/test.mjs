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

run("typecheck", "npm", ["run", "--silent", "typecheck"]);
run("lint", "npx", ["biome", "check", "."]);

const projects = ["unit", "integration-pglite"];
if (process.env.TEST_DATABASE_URL) projects.push("integration-postgres");
else if (ci) {
  console.error(
    "[test] CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite cannot be skipped in CI",
  );
  process.exit(1);
} else {
  console.log("[test] skipping integration-postgres: TEST_DATABASE_URL is not set");
}

fs.mkdirSync("test-results", { recursive: true });
const report = "test-results/vitest.json";
const args = ["vitest", "run", ...projects.flatMap((p) => ["--project", p])];
args.push("--reporter=default", "--reporter=json", `--outputFile.json=${report}`);
console.log(`\n[test] vitest: ${projects.join(", ")}`);
const vitest = spawnSync("npx", args, { stdio: "inherit", env });

const counts = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, "utf8")) : null;
if (counts) {
  const skipped = counts.numPendingTests + counts.numTodoTests;
  console.log(
    `\ntests: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`,
  );
}
process.exit(vitest.status ?? 1);
