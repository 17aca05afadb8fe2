// Each test file gets a fresh PostgreSQL database, dropped afterwards, so runs never collide.

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set: the PostgreSQL suite needs a server");

const name = `craft_test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
// The auth secret file still lives in a data folder of its own.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-test-"));
process.env.CRAFT_DATA_DIR = dir;

// Quiets Better Auth's "base URL is not set" warning; origins are still checked per request.
process.env.BETTER_AUTH_URL = "http://localhost:3000";
// In-process there is no TCP peer: the tests play a proxy that sets X-Forwarded-For.
process.env.AUTH_IP_HEADER = "x-forwarded-for";

// The database is opened and migrated before the first test, in a hook with its own (longer)
// timeout: on a busy machine that start alone took most of a test's 30 s.
beforeAll(async () => {
  const { getDatabase } = await import("@/server/db");
  await getDatabase();
});

afterAll(async () => {
  // Imported here, not above: a test file that mocks a server module must load the app first.
  const { closeTestDatabase } = await import("./app");
  await closeTestDatabase();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.end();
  fs.rmSync(dir, { recursive: true, force: true });
});
