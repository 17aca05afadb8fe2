// Where a request's time goes, outside Next.js: the app's own modules (its session check and
// Better Auth's, the Drizzle queries of src/server/queries, Response.json) timed one call after another
// in this process, against the floor's raw `pg` SQL for the same work. Prints one JSON object.
//
//   DATABASE_URL=… BETTER_AUTH_SECRET=… CRAFT_DATA_DIR=… DIAG_COOKIE=… DIAG_USER_ID=…
//   DIAG_PROJECT_ID=… DIAG_TAG_ID=… DIAG_SESSION_ID=… DIAG_WRITE_SESSION_ID=…
//   node --conditions=react-server --import tsx bench/diag.ts
//
// bench/run.ts runs it against the seeded PostgreSQL database while the app is idle.
import { createHmac } from "node:crypto";
import { createId } from "@paralleldrive/cuid2";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import pg from "pg";
import { getAuth } from "@/server/auth/auth";
import { getSessionUser } from "@/server/auth/session";
import { closeDatabase, getDatabase } from "@/server/db";
import {
  account,
  session as sessionTable,
  user as userTable,
  verification,
} from "@/server/db/schema";
import { chatSessionsBody } from "@/server/http/chat-session-bodies";
import { insertChatMessage, listChatMessages } from "@/server/queries/chat-messages";
import { readBranch } from "@/server/queries/chat-tree";
import {
  MERGED_WRITE,
  MESSAGES_PAGE,
  PROJECT_OWNED,
  SESSION_USER,
  sessionsPage,
  sessionTags,
} from "./floor-sql";

export interface DiagRow {
  key: string;
  label: string;
  /** CPU time of this process per call, ms. */
  cpuMs: number;
  /** Wall time per call (includes waiting for PostgreSQL), ms. */
  wallMs: number;
  /** Statements sent to PostgreSQL per call (BEGIN/COMMIT included). */
  queries: number;
}

const ROUNDS = Number(process.env.DIAG_ROUNDS ?? 1000);
const WARMUP = 200;

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

// Count every statement any client sends (Drizzle's pool and ours).
let statements = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

async function time(key: string, label: string, op: () => Promise<unknown>): Promise<DiagRow> {
  for (let i = 0; i < WARMUP; i++) await op();
  const before = statements;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) await op();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    key,
    label,
    cpuMs: (used.user + used.system) / 1000 / ROUNDS,
    wallMs: wall / ROUNDS,
    queries: (statements - before) / ROUNDS,
  };
}

const cookie = need("DIAG_COOKIE");
const userId = need("DIAG_USER_ID");
const projectId = need("DIAG_PROJECT_ID");
const tagId = need("DIAG_TAG_ID");
const chatSessionId = need("DIAG_SESSION_ID");
const writeSessionId = need("DIAG_WRITE_SESSION_ID");

const { db } = await getDatabase();
const auth = await getAuth();
const pool = new pg.Pool({ connectionString: need("DATABASE_URL"), max: 10 });
const rows: DiagRow[] = [];

try {
  const headers = new Headers({ cookie });
  const session = await auth.api.getSession({ headers });
  if (session?.user.id !== userId) throw new Error("the cookie does not open the seeded user");

  rows.push(
    await time("auth", "Better Auth getSession (signed cookie → session → user)", () =>
      auth.api.getSession({ headers: new Headers({ cookie }) }),
    ),
  );
  // The same Better Auth, with sessions also kept in a secondary storage (an in-process Map
  // here; Redis in production): what the session lookup costs without the Drizzle adapter.
  const store = new Map<string, string>();
  const withStorage = betterAuth({
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: userTable, session: sessionTable, account, verification },
    }),
    secret: need("BETTER_AUTH_SECRET"),
    emailAndPassword: { enabled: true },
    advanced: { useSecureCookies: false, database: { generateId: () => createId() } },
    secondaryStorage: {
      get: async (key) => store.get(key) ?? null,
      getAndDelete: async (key) => {
        const value = store.get(key) ?? null;
        store.delete(key);
        return value;
      },
      increment: async (key) => {
        const next = Number(store.get(key) ?? 0) + 1;
        store.set(key, String(next));
        return next;
      },
      set: async (key, value) => {
        store.set(key, value);
      },
      delete: async (key) => {
        store.delete(key);
      },
    },
    session: { storeSessionInDatabase: true },
  });
  const cookieValue = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  store.set(
    cookieValue.slice(0, cookieValue.lastIndexOf(".")),
    JSON.stringify({ session: session.session, user: session.user }),
  );
  if ((await withStorage.api.getSession({ headers }))?.user.id !== userId) {
    throw new Error("the secondary-storage instance does not open the session");
  }
  rows.push(
    await time("auth-storage", "Better Auth getSession with secondaryStorage (in-memory)", () =>
      withStorage.api.getSession({ headers: new Headers({ cookie }) }),
    ),
  );
  rows.push(
    await time("auth-app", "getSessionUser (the app's check: signed cookie, prepared join)", () =>
      getSessionUser(headers),
    ),
  );
  const secret = need("BETTER_AUTH_SECRET");
  rows.push(
    await time("auth-raw", "Floor: node:crypto HMAC check + session⋈user, raw pg", async () => {
      const value = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
      const token = value.slice(0, value.lastIndexOf("."));
      createHmac("sha256", secret).update(token).digest();
      await pool.query(SESSION_USER, [token]);
    }),
  );
  rows.push(
    await time("messages", "listChatMessages (Drizzle, prepared): ownership + newest 50", () =>
      listChatMessages(db, { chatSessionId, userId, limit: 50 }),
    ),
  );
  // The same walk built on every call, as the app did before it prepared its queries.
  rows.push(
    await time("messages-unprepared", "Same statement, Drizzle, built on every call", () =>
      readBranch(db, { chatSessionId, userId, take: 50, inTransaction: true }),
    ),
  );
  rows.push(
    await time("messages-raw", "Floor: the same statement, raw pg", () =>
      pool.query(MESSAGES_PAGE, [chatSessionId, userId, 50]),
    ),
  );
  // The list as the route builds it: listChatSessions, then the page's tags (withTags).
  const sessionList = (tagIds: string[]) =>
    chatSessionsBody(db, {
      projectId,
      userId,
      includeMessages: false,
      filter: { tagIds },
      limit: 50,
    });
  rows.push(
    await time("sessions", "chatSessionsBody (Drizzle): ownership + first 50 + their tags", () =>
      sessionList([]),
    ),
  );
  rows.push(
    await time("sessions-tag", "The same, filtered by a tag (+ the tag's ownership)", () =>
      sessionList([tagId]),
    ),
  );
  rows.push(
    await time("sessions-raw", "Floor: the same three statements, raw pg", async () => {
      await pool.query(PROJECT_OWNED, [projectId, userId]);
      const page = await pool.query<{ id: string }>(sessionsPage(0), [projectId, false, 51]);
      const ids = page.rows.slice(0, 50).map((r) => r.id);
      await pool.query(sessionTags(ids.length), ids);
    }),
  );
  const page = await listChatMessages(db, { chatSessionId, userId, limit: 50 });
  rows.push(
    await time("json", "Response.json + read back (50 messages)", async () => {
      await Response.json({ messages: page?.messages, prevCursor: "x" }).arrayBuffer();
    }),
  );
  rows.push(
    await time("json-raw", "JSON.stringify (50 messages)", async () => {
      JSON.stringify({ messages: page?.messages, prevCursor: "x" });
    }),
  );
  rows.push(
    await time("write", "insertChatMessage (Drizzle): locked transaction", () =>
      insertChatMessage(db, {
        chatSessionId: writeSessionId,
        userId,
        role: "user",
        content: "Diagnostic write.",
      }),
    ),
  );
  rows.push(
    await time("write-merged", "The same write as one statement, raw pg", () =>
      pool.query(MERGED_WRITE, [
        writeSessionId,
        userId,
        "Diagnostic write.",
        createId(),
        "user",
        "Diagnostic write.",
      ]),
    ),
  );
  console.log(JSON.stringify({ rounds: ROUNDS, rows }));
} finally {
  await pool.end();
  await closeDatabase();
}
