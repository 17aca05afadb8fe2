// The floor: the same three endpoints as the app, as a bare node:http server over `pg`, with
// the very SQL the app runs (src/server/queries) and the session check Better Auth does
// (signed cookie → session by token joined with its user → not expired). No framework, no
// validation library, no ORM: what is left is the database and JSON. PostgreSQL only.
//
//   DATABASE_URL=postgres://… BETTER_AUTH_SECRET=… FLOOR_PORT=3502 node --import tsx bench/floor.ts
//
// Measurement aids, never anything else: FLOOR_AUTH=skip answers as the user FLOOR_USER_ID
// without looking the session up (what the lookup costs); FLOOR_SQL=merged answers the write
// with one statement instead of the app's five (what the round trips cost; the messages page
// is one statement in the app already).
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { createId } from "@paralleldrive/cuid2";
import pg from "pg";
import { MAX_TAGS_PER_SESSION } from "../src/lib/contract/limits";
import { nameFromMessage } from "../src/lib/session-name";
import { skipDepth, skipHops } from "../src/server/queries/skip-pointers";
import {
  MERGED_PAGE,
  MERGED_WRITE,
  MESSAGES_PAGE,
  OWNED_SESSION,
  ownTags,
  PROJECT_OWNED,
  SESSION_USER,
  sessionsPage,
  sessionTags,
} from "./floor-sql";

const PORT = Number(process.env.FLOOR_PORT ?? 3502);
const SECRET = process.env.BETTER_AUTH_SECRET ?? "";
const POOL_MAX = Number(process.env.DB_POOL_MAX ?? 10);
const SKIP_AUTH = process.env.FLOOR_AUTH === "skip";
const SKIP_AUTH_USER = process.env.FLOOR_USER_ID ?? "";
const MERGED = process.env.FLOOR_SQL === "merged";
const COOKIE_NAME = "better-auth.session_token";
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_BODY_BYTES = 1024 * 1024;

if (!process.env.DATABASE_URL || !SECRET) {
  console.error("floor: set DATABASE_URL and BETTER_AUTH_SECRET");
  process.exit(1);
}

// The app's pool settings (src/server/db/client.ts).
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: POOL_MAX,
  connectionTimeoutMillis: 5_000,
  query_timeout: 15_000,
  idleTimeoutMillis: 30_000,
  application_name: "craft-floor",
});
pool.on("error", (error) => console.error("[floor] idle client error:", error.message));

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** better-call's getSignedCookie: `token.base64(HMAC-SHA256(secret, token))`, URI-encoded. */
function tokenFromCookie(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== COOKIE_NAME) continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
    const dot = value.lastIndexOf(".");
    if (dot < 1) return null;
    const token = value.slice(0, dot);
    const signature = value.slice(dot + 1);
    if (signature.length !== 44 || !signature.endsWith("=")) return null;
    const expected = createHmac("sha256", SECRET).update(token).digest();
    const given = Buffer.from(signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
  }
  return null;
}

/** Better Auth's findSession (session joined with its user) and expiry check, in one query. */
async function requireUser(req: http.IncomingMessage): Promise<string> {
  if (SKIP_AUTH) return SKIP_AUTH_USER;
  const token = tokenFromCookie(req.headers.cookie);
  if (token) {
    const { rows } = await pool.query<{ expires_at: Date; user_id: string }>(SESSION_USER, [token]);
    const row = rows[0];
    if (row && row.expires_at.getTime() > Date.now()) return row.user_id;
  }
  throw new HttpError(401, "unauthorized", "Sign in to continue");
}

const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function pageLimit(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^[0-9]{1,4}$/.test(value)) throw new HttpError(400, "bad_request", "bad limit");
  const n = Number(value);
  if (n < 1 || n > 200) throw new HttpError(400, "bad_request", "bad limit");
  return n;
}

function idParam(value: string | null, name: string): string {
  if (value === null || !ID.test(value)) throw new HttpError(400, "bad_request", `bad ${name}`);
  return value;
}

interface SessionRow {
  id: string;
  name: string;
  projectId: string;
  pinned: boolean;
  archived: boolean;
  instructions: string;
  templateId: string | null;
  summary: string | null;
  summaryKeyPoints: string[];
  summaryThroughId: string | null;
  summaryMessageCount: number;
  summaryUpdatedAt: Date | null;
  summaryStatus: "idle" | "running" | "failed";
  summaryError: string | null;
  createdAt: Date;
  updatedAt: Date;
  messageCount: number;
}

interface TagRow {
  chatSessionId: string;
  id: string;
  name: string;
  color: string;
}

/** `archived=true|false` as the app reads it (false when absent). */
function flagParam(value: string | null, name: string): boolean {
  if (value === null || value === "false") return false;
  if (value === "true") return true;
  throw new HttpError(400, "bad_request", `bad ${name}`);
}

/** The repeatable `tag=<id>`: at most MAX_TAGS_PER_SESSION, duplicates kept as the app does. */
function tagParams(query: URLSearchParams): string[] {
  const tags = query.getAll("tag");
  if (tags.length > MAX_TAGS_PER_SESSION) throw new HttpError(400, "bad_request", "bad tag");
  return tags.map((tag) => idParam(tag, "tag"));
}

/** assertOwnTags: a tag that is not the user's is as unknown as one that does not exist. */
async function assertOwnTags(userId: string, tagIds: string[]): Promise<void> {
  const unique = [...new Set(tagIds)];
  if (unique.length === 0) return;
  const { rows } = await pool.query<{ count: string }>(ownTags(unique.length), [userId, ...unique]);
  if (Number(rows[0]?.count) !== unique.length)
    throw new HttpError(404, "not_found", "Tag not found");
}

/** withTags: each session with its tags by name (tagsOfSessions' one query), [] for none. */
async function withTags(sessions: SessionRow[]) {
  const bySession = new Map<string, Omit<TagRow, "chatSessionId">[]>();
  if (sessions.length > 0) {
    const ids = sessions.map((s) => s.id);
    const { rows } = await pool.query<TagRow>(sessionTags(ids.length), ids);
    for (const { chatSessionId, ...tag } of rows) {
      const list = bySession.get(chatSessionId);
      if (list) list.push(tag);
      else bySession.set(chatSessionId, [tag]);
    }
  }
  return sessions.map((s) => ({ ...s, tags: bySession.get(s.id) ?? [] }));
}

// GET /api/chat-sessions?projectId=&includeMessages=false&limit=[&archived=][&tag=…] (the lean
// first page only): listChatSessions, then withTags, as chatSessionsBody
async function listSessions(userId: string, query: URLSearchParams): Promise<unknown> {
  const projectId = idParam(query.get("projectId"), "projectId");
  if (query.get("includeMessages") !== "false" || query.has("cursor")) {
    throw new HttpError(400, "bad_request", "the floor serves the lean first page only");
  }
  const limit = pageLimit(query.get("limit")) ?? 50;
  const archived = flagParam(query.get("archived"), "archived");
  const tagIds = tagParams(query);
  const owned = await pool.query(PROJECT_OWNED, [projectId, userId]);
  if (owned.rowCount === 0) throw new HttpError(404, "not_found", "Project not found");
  await assertOwnTags(userId, tagIds);
  const { rows } = await pool.query<SessionRow>(sessionsPage(tagIds.length), [
    projectId,
    archived,
    ...tagIds,
    limit + 1,
  ]);
  const hasMore = rows.length > limit;
  const sessions = hasMore ? rows.slice(0, limit) : rows;
  const last = sessions.at(-1);
  return {
    chatSessions: await withTags(sessions),
    nextCursor:
      hasMore && last
        ? encodeCursor({ pinned: last.pinned, updatedAt: last.updatedAt, id: last.id })
        : null,
  };
}

interface PageRow {
  id: string | null;
  chatSessionId: string;
  parentId: string | null;
  role: string;
  content: string;
  status: string;
  createdAt: Date;
  siblingIds: string[] | null;
}

// GET /api/chat-messages?chatSessionId=&limit=: the active branch's newest page, one statement
async function listMessages(userId: string, query: URLSearchParams): Promise<unknown> {
  const chatSessionId = idParam(query.get("chatSessionId"), "chatSessionId");
  if (query.has("before")) throw new HttpError(400, "bad_request", "the floor serves page one");
  const limit = pageLimit(query.get("limit")) ?? 50;
  const { rows } = await pool.query<PageRow>(MERGED ? MERGED_PAGE : MESSAGES_PAGE, [
    chatSessionId,
    userId,
    limit,
  ]);
  if (rows.length === 0) throw new HttpError(404, "not_found", "Chat session not found");
  const messages = rows.flatMap(({ id, siblingIds, ...row }) => {
    if (id === null) return [];
    const ids = siblingIds ?? [id];
    return [
      {
        id,
        ...row,
        siblingCount: ids.length,
        siblingIndex: ids.indexOf(id) + 1,
        siblingIds: ids,
      },
    ];
  });
  const oldest = messages[0];
  return {
    messages,
    prevCursor: oldest?.parentId ? encodeCursor({ before: oldest.id }) : null,
  };
}

/** A new message at the end of the active branch has no other version. */
const alone = (message: { id: string }) => ({
  ...message,
  siblingCount: 1,
  siblingIndex: 1,
  siblingIds: [message.id],
});

// POST /api/chat-messages {chatSessionId, role, content}: insertChatMessage's transaction
async function addMessage(userId: string, body: unknown): Promise<unknown> {
  const input = body as { chatSessionId?: unknown; role?: unknown; content?: unknown };
  if (
    typeof input?.chatSessionId !== "string" ||
    !ID.test(input.chatSessionId) ||
    (input.role !== "user" && input.role !== "assistant") ||
    typeof input.content !== "string" ||
    input.content.length === 0
  ) {
    throw new HttpError(400, "bad_request", "The request is not valid");
  }
  const { chatSessionId, role, content } = input as {
    chatSessionId: string;
    role: string;
    content: string;
  };
  const autoName = role === "user" ? nameFromMessage(content) : null;
  if (MERGED) {
    const { rows } = await pool.query(MERGED_WRITE, [
      chatSessionId,
      userId,
      autoName,
      createId(),
      role,
      content,
    ]);
    if (rows.length === 0) throw new HttpError(404, "not_found", "Chat session not found");
    return { message: alone(rows[0]) };
  }
  const client = await pool.connect();
  try {
    await client.query("begin");
    const owned = await client.query<{ activeLeafId: string | null; messageCount: number }>(
      `${OWNED_SESSION} for update of "chat_sessions"`,
      [chatSessionId, userId],
    );
    const leaf = owned.rows[0];
    if (!leaf) {
      await client.query("rollback");
      throw new HttpError(404, "not_found", "Chat session not found");
    }
    const id = createId();
    const depth = leaf.messageCount + 1;
    const naming = autoName
      ? `, "name" = case when "chat_sessions"."name_source" = 'default' then $4 else "chat_sessions"."name" end,
         "name_source" = case when "chat_sessions"."name_source" = 'default' then 'first_message' else "chat_sessions"."name_source" end`
      : "";
    const session = await client.query<{ seq: number; at: Date }>(
      `update "chat_sessions" set "last_message_seq" = "chat_sessions"."last_message_seq" + 1,
         "active_leaf_id" = $2, "message_count" = $3,
         "updated_at" = greatest("chat_sessions"."updated_at", clock_timestamp())${naming}
       where "chat_sessions"."id" = $1
       returning "last_message_seq" as "seq", "updated_at" as "at"`,
      autoName ? [chatSessionId, id, depth, autoName] : [chatSessionId, id, depth],
    );
    const next = session.rows[0];
    if (!next) throw new Error("the session vanished under its lock");
    const inserted = await client.query<{ id: string }>(
      `insert into "chat_messages" ("id", "user_id", "chat_session_id", "parent_id", "depth", "seq",
         "role", "content", "status", "created_at", "updated_at", "skip_id")
       values ($1, $7, $2, $8, $9, $3, $4, $5, 'complete', $6, default, ${skipIdSql(depth, "$7", "$8")})
       returning "id", "chat_session_id" as "chatSessionId", "parent_id" as "parentId", "role",
                 "content", "status", "created_at" as "createdAt"`,
      [id, chatSessionId, next.seq, role, content, next.at, userId, leaf.activeLeafId, depth],
    );
    await client.query("commit");
    const row = inserted.rows[0];
    if (!row) throw new Error("insert into chat_messages returned no row");
    return { message: alone(row) };
  } catch (error) {
    if (!(error instanceof HttpError)) await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The skip_id of a new message at `depth` under the parent `$parent` (of user `$user`), as the
 * app's newSkipId (src/server/queries/chat-tree.ts) writes it: null, the parent, or the
 * parent's skip pointer's skip pointer, read by the insert itself.
 */
function skipIdSql(depth: number, user: string, parent: string): string {
  const target = skipDepth(depth);
  if (target === 0) return "null";
  let id = `${parent}::text`;
  for (let hops = skipHops(depth - 1, target) ?? 0; hops > 0; hops--)
    id = `(select "skip_id" from "chat_messages" where "user_id" = ${user} and "id" = ${id})`;
  return id;
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, "unsupported_media_type", "Send the body as application/json");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, "payload_too_large", "Too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        reject(new HttpError(400, "bad_request", "The body is not valid JSON"));
      }
    });
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, data: unknown): void {
  const body = JSON.stringify(data);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", "http://floor");
    if (url.pathname === "/api/health") return send(res, 200, { ok: true, database: "postgres" });
    const route = `${req.method} ${url.pathname}`;
    if (
      route !== "GET /api/chat-sessions" &&
      route !== "GET /api/chat-messages" &&
      route !== "POST /api/chat-messages"
    ) {
      throw new HttpError(404, "not_found", "No such endpoint on the floor");
    }
    const userId = await requireUser(req);
    if (route === "GET /api/chat-sessions")
      return send(res, 200, await listSessions(userId, url.searchParams));
    if (route === "GET /api/chat-messages")
      return send(res, 200, await listMessages(userId, url.searchParams));
    return send(res, 201, await addMessage(userId, await readBody(req)));
  } catch (error) {
    if (error instanceof HttpError) {
      return send(res, error.status, { error: { code: error.code, message: error.message } });
    }
    console.error("[floor] unexpected error:", error);
    send(res, 500, { error: { code: "internal", message: "Something went wrong on our side" } });
  }
});

// Same as Node's defaults under next start: keep-alive connections are reused by autocannon.
server.keepAliveTimeout = 5_000;
server.listen(PORT, "127.0.0.1", () => console.log(`[floor] listening on ${PORT}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    void pool.end().finally(() => process.exit(0));
  });
}
