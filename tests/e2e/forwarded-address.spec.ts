// On a bare `npm start` (no proxy), the per-address sign-in limit keys on the TCP connection:
// a client that sends a new X-Forwarded-For with every attempt is still one client.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUILD_AND_START_MS, type RunningApp, startApp } from "../../scripts/app-harness";
import { expect, test } from "./fixtures";
import { PORTS } from "./ports";

const LIMIT = 10;
let app: RunningApp;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(BUILD_AND_START_MS);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-forwarded-"));
  app = await startApp({
    port: PORTS.forwarded,
    env: {
      CRAFT_DATA_DIR: dataDir,
      DATABASE_URL: "",
      REDIS_URL: "",
      AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    },
  });
});

test.afterAll(async () => {
  await app?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const signIn = (email: string, forwardedFor: string, realIp: string) =>
  fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: app.url,
      "x-forwarded-for": forwardedFor,
      "x-real-ip": realIp,
      "x-craft-peer-address": forwardedFor,
    },
    body: JSON.stringify({ email, password: "wrong password" }),
  });

test("limits password spraying across accounts whatever forwarding headers a client forges", async () => {
  const statuses: number[] = [];
  for (let n = 1; n <= LIMIT + 2; n++) {
    const res = await signIn(`spray-${n}@example.com`, `203.0.113.${n}`, `198.51.100.${n}`);
    statuses.push(res.status);
  }
  expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
  expect(statuses.slice(LIMIT)).toEqual([429, 429]);
});
