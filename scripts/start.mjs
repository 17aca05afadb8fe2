// npm start: build when there is no current build, then serve (the app migrates its database on start).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { sourceHash } from "./source-hash.mjs";

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
// NEXT_MANUAL_SIG_HANDLE: the app, not Next, handles SIGTERM, so replies still streaming finish.
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "true" };
const stamp = ".next/craft-source-hash";

const hash = sourceHash();
const current =
  fs.existsSync(".next/BUILD_ID") &&
  fs.existsSync(stamp) &&
  fs.readFileSync(stamp, "utf8") === hash;
if (!current) {
  info("no current build: running next build");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
  fs.writeFileSync(stamp, hash);
}

const peerAddress = new URL("./peer-address.mjs", import.meta.url).href;
const server = spawn(
  process.execPath,
  ["--import", peerAddress, nextBin, "start", ...process.argv.slice(2)],
  { stdio: "inherit", env },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** A line in the app's log format (src/server/logger.ts): JSON, or in a terminal, pretty. */
function info(msg) {
  const now = new Date();
  if (!process.stdout.isTTY) {
    const { pid } = process;
    const time = now.toISOString();
    console.log(
      JSON.stringify({ level: "info", time, pid, hostname: os.hostname(), area: "start", msg }),
    );
    return;
  }
  const ms = String(now.getMilliseconds()).padStart(3, "0");
  console.log(`[${now.toTimeString().slice(0, 8)}.${ms}] INFO: [start] ${msg}`);
}
