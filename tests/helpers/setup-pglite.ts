// Each test file gets its own embedded database folder: PGlite is one process per folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-test-"));
delete process.env.DATABASE_URL;
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
  fs.rmSync(dir, { recursive: true, force: true });
});
