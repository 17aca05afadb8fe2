// npm run test:faults: every fault scenario in turn (each its own process), then one summary
// line each. Exits non-zero when any scenario fails. The soak is separate: npm run soak.
//
//   CRAFT_APP_DIR=/path/to/app npm run test:faults      (default: this repository)
//   npm run test:faults -- pg-down-at-start sigterm     (only the scenarios named)
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { appDir, resultsDir, secs, startApp } from "./lib";

const scenarios: { file: string; args: string[]; title: string }[] = [
  {
    file: "pg-restart.ts",
    args: ["fast", "immediate"],
    title: "1. PostgreSQL restarted under load",
  },
  {
    file: "pg-restart.ts",
    args: ["terminate"],
    title: "1b. PostgreSQL connections terminated under load",
  },
  { file: "pg-down-at-start.ts", args: [], title: "2. PostgreSQL down when the app starts" },
  { file: "sigterm-reply.ts", args: [], title: "3. SIGTERM during a streaming reply" },
  {
    file: "sigkill-reply.ts",
    args: [],
    title: "4. SIGKILL during a streaming reply, then start again",
  },
  { file: "pglite-kill.ts", args: [], title: "5. SIGKILL on PGlite during writes" },
];

const only = process.argv.slice(2);
const chosen = only.length
  ? scenarios.filter((s) => only.some((o) => s.file.startsWith(o) || s.args.includes(o)))
  : scenarios;

fs.rmSync(resultsDir, { recursive: true, force: true });
fs.mkdirSync(resultsDir, { recursive: true });
console.log(`app: ${appDir}\nresults: ${resultsDir}`);

// Build first when the sources changed (npm start does it), so no scenario's clock includes it.
{
  const started = performance.now();
  const app = await startApp({ port: 3699, healthTimeoutMs: 900_000 });
  await app.terminate();
  console.log(`app build checked and started once in ${secs(performance.now() - started)}`);
}

const outcomes: { title: string; passed: boolean; seconds: number }[] = [];
for (const s of chosen) {
  const started = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, s.file), ...s.args],
      { stdio: "inherit", env: process.env },
    );
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  outcomes.push({
    title: s.title,
    passed: code === 0,
    seconds: (performance.now() - started) / 1000,
  });
}

console.log("\n=== fault scenarios ===");
for (const o of outcomes)
  console.log(`${o.passed ? "PASS" : "FAIL"}  ${o.title}  (${o.seconds.toFixed(0)} s)`);
for (const file of fs
  .readdirSync(resultsDir)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  const r = JSON.parse(fs.readFileSync(path.join(resultsDir, file), "utf8")) as {
    name: string;
    checks: { name: string; ok: boolean; detail?: string }[];
  };
  for (const c of r.checks.filter((c) => !c.ok))
    console.log(`  FAIL in ${r.name}: ${c.name}${c.detail ? ` (${c.detail})` : ""}`);
}
const failed = outcomes.filter((o) => !o.passed).length;
console.log(`\nfaults: ${outcomes.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
