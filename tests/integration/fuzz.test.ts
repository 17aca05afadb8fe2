// Property-based fuzzing of every JSON endpoint with fast-check: thousands of generated bodies
// (wrong types, huge and deep values, odd unicode, prototype-pollution and mass-assignment keys),
// random query strings and raw bytes. Whatever comes in: never a 5xx; every refusal a 4xx in the
// documented envelope, with nothing of the server's insides in it, and nothing written; whatever
// is accepted reads back exactly as the API answered it. FUZZ_SEED=<seed> replays a failing run.
process.env.AI_OFFLINE_CHUNK_DELAY_MS = "0";
process.env.CHAT_RATE_LIMIT_PER_MINUTE = "1000000";
process.env.AUTH_RATE_LIMIT_PER_MINUTE = "0";

import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chatSessionBody,
  chatSessionListBody,
  chatSessionWithMessagesBody,
  errorBody,
  messageBody,
  messageListBody,
  projectBody,
  projectListBody,
  stopReplyResultBody,
} from "@/lib/contract/bodies";
import { errorStatus } from "@/server/http/errors";
import { findProtoKey, MAX_BODY_BYTES } from "@/server/http/request";
import { send, signUp } from "../helpers/app";
import { settledReply } from "../helpers/chat";
import { sqlRows } from "../helpers/sql";
import { parseEvents } from "../helpers/ui-stream";

type User = Awaited<ReturnType<typeof signUp>>;
type Json = Record<string, any>;

/** Generated payloads per property; the total is asserted at the end (at least 5,000). */
const RUNS = {
  createProject: 700,
  updateProject: 700,
  createSession: 500,
  renameSession: 500,
  postMessage: 700,
  chat: 400,
  stop: 250,
  listProjects: 150,
  listSessions: 200,
  listMessages: 200,
  rawQuery: 150,
  rawBody: 600,
  auth: 150,
};
const MIN_PAYLOADS = 5_000;
const CONTENT_MAX = 200_000; // CHAT_MAX_CONTENT_CHARS's default

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const options = (numRuns: number) => ({ numRuns, seed });

// ---------------------------------------------------------------------------------------------
// Generators

const SPECIAL_STRINGS = [
  "",
  " ",
  " \t\n\r ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\udc00y",
  "\udc00\ud800",
  "\ud83d",
  "\u202eevil\u202c",
  "\u200f\u200e",
  "مرحبا بالعالم",
  "שלום",
  "\ufeff",
  "\ufeffleading BOM",
  "trailing BOM\ufeff",
  "👨‍👩‍👧‍👦🏳️‍🌈👍🏽",
  "e\u0301\u0302\u0303",
  "Z\u0351\u0352\u0353\u0354\u0355\u0356",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "' OR '1'='1",
  "'; drop table projects; --",
  "$1 $$ %s %n \\x00",
  "\\",
  '"',
  "<script>alert(1)</script>",
  "null",
  "true",
  "NaN",
  "-0",
  "1e999",
  "../../etc/passwd",
  "active",
  "archived",
  "user",
  "assistant",
  "system",
  "text",
  "submit-message",
  "regenerate-message",
];

// Built once: the boundaries of every length limit, and one body over 1 MiB.
const LONG_STRINGS = [
  "n".repeat(200),
  "n".repeat(201),
  `${" ".repeat(300)}padded${" ".repeat(300)}`,
  "😀".repeat(200),
  "😀".repeat(201),
  "e\u0301".repeat(150),
  "x".repeat(10_001),
  "x".repeat(CONTENT_MAX),
  "x".repeat(CONTENT_MAX + 1),
  "😀".repeat(CONTENT_MAX / 2 + 1),
  "x".repeat(MAX_BODY_BYTES + 1),
];

const ODD_CHARS = [
  "\u0000",
  "\u0001",
  "\u001f",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\u200b",
  "\u200d",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\ufffd",
  "\uffff",
  "e\u0301",
  "İ",
  "😀",
  "👨‍👩‍👧‍👦",
  "𝕳",
  "ع",
  "\\",
  '"',
  "'",
  "<",
  "&",
  "%",
  "\n",
  "\t",
  " ",
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

const unit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_CHARS) },
  { weight: 1, arbitrary: loneSurrogate },
);

const text = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit, maxLength: 24 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...LONG_STRINGS) },
);

const POLLUTION_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__defineGetter__",
];

const key = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
  { weight: 3, arbitrary: fc.string({ unit, maxLength: 8 }) },
);

/** Any JSON value, mostly the wrong type for whatever field it lands in. */
const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(0, -0, 1, -1, 200, 201, 1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Mostly a plausible value, sometimes junk. */
const field = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: junk });

const idLike = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

/** An object with own properties only (JSON.stringify writes an own `__proto__` key too). */
function own(entries: [string, unknown][]): Json {
  const out: Json = {};
  for (const [k, v] of entries) {
    Object.defineProperty(out, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

interface Fixture {
  alice: User;
  bob: User;
  /** Alice's: the first has two sessions, the first session three messages. */
  projectIds: string[];
  sessionIds: string[];
  messageIds: string[];
  otherProjectId: string;
  otherSessionId: string;
  otherMessageId: string;
  projectCursor: string;
  sessionCursor: string;
  messageCursor: string;
}

let fx: Fixture;

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value) ?? "").toString("base64url");

/** The generators that need the fixture's ids. */
function arbitraries(f: Fixture) {
  const knownId = fc.constantFrom(
    ...f.projectIds,
    ...f.sessionIds,
    ...f.messageIds,
    f.otherProjectId,
    f.otherSessionId,
    f.otherMessageId,
    f.alice.userId,
    "doesnotexist",
  );
  const anyId = fc.oneof(
    { weight: 4, arbitrary: knownId },
    { weight: 2, arbitrary: idLike },
    { weight: 1, arbitrary: text },
  );
  const projectId = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...f.projectIds) },
    { weight: 2, arbitrary: anyId },
  );
  const sessionId = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...f.sessionIds) },
    { weight: 2, arbitrary: anyId },
  );
  const messageId = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...f.messageIds, f.otherMessageId) },
    { weight: 4, arbitrary: idLike },
    { weight: 1, arbitrary: text },
    { weight: 1, arbitrary: fc.constant("i".repeat(65)) },
  );
  const name = fc.oneof(
    { weight: 3, arbitrary: text },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }) },
  );
  const content = fc.oneof(
    { weight: 3, arbitrary: text },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 80 }) },
  );
  // Keys a client has no business setting: they must be ignored, never stored.
  const massAssignment = fc.record(
    {
      id: anyId,
      userId: fc.constant(f.bob.userId),
      createdAt: fc.constant("2000-01-01T00:00:00.000Z"),
      updatedAt: fc.constant("2000-01-01T00:00:00.000Z"),
      status: fc.constantFrom("streaming", "partial", "error"),
      seq: fc.integer(),
      inReplyTo: fc.constantFrom(...f.messageIds),
      nameSource: fc.constant("user"),
      messageCount: fc.integer(),
    },
    { requiredKeys: [] },
  );
  /**
   * A body for a route: a record of plausible-or-junk fields plus junk under pollution keys
   * and stray fields; a valid body (plus keys a client may not set) often enough that every
   * route's acceptance is checked too; now and then no object at all.
   */
  const body = <T extends Record<string, fc.Arbitrary<unknown>>>(
    fields: T,
    { valid, assign = true }: { valid?: fc.Arbitrary<Json>; assign?: boolean } = {},
  ) => {
    const assigned = assign ? massAssignment : fc.constant({});
    const fuzzed = fc
      .tuple(
        fc.record(fields, { requiredKeys: [] }),
        fc.dictionary(key, junk, { maxKeys: 2 }),
        assigned,
        fc.boolean(),
      )
      .map(([record, extra, stray, extrasFirst]) => {
        const extras = [...Object.entries(extra), ...Object.entries(stray)].filter(
          ([k]) => !(k in fields),
        );
        const entries = Object.entries(record);
        return own(extrasFirst ? [...extras, ...entries] : [...entries, ...extras]);
      });
    const plausible = valid
      ? fc
          .tuple(valid, assigned)
          .map(([record, stray]) =>
            own([
              ...Object.entries(stray).filter(([k]) => !(k in record)),
              ...Object.entries(record),
            ]),
          )
      : fuzzed;
    return fc.oneof(
      { weight: 8, arbitrary: fuzzed },
      { weight: 5, arbitrary: plausible },
      { weight: 1, arbitrary: junk },
    );
  };

  // Valid input that is still odd: any printable or binary code point but NUL, no lone surrogate.
  const goodUnit = unit.filter((u) => u !== "\u0000" && u.isWellFormed());
  const goodText = fc.string({ unit: goodUnit, minLength: 1, maxLength: 30 });
  const goodName = goodText.filter((s) => s.trim().length > 0);
  const aliceProject = fc.constantFrom(...f.projectIds);
  const aliceSession = fc.constantFrom(...f.sessionIds);

  const files = fc.dictionary(
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
      { weight: 2, arbitrary: fc.constantFrom("README.md", "src/index.ts", "a/b/../c") },
      { weight: 3, arbitrary: text },
    ),
    field(text),
    { maxKeys: 4 },
  );
  const part = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record(
        {
          type: field(fc.constantFrom("text", "reasoning", "file", "step-start", "TEXT")),
          text: field(content),
          providerMetadata: junk,
        },
        { requiredKeys: ["type"] },
      ),
    },
    { weight: 1, arbitrary: junk },
  );
  const parts = fc.oneof(
    { weight: 8, arbitrary: fc.array(part, { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        Array.from({ length: 100 }, () => ({ type: "text", text: "p" })),
        Array.from({ length: 101 }, () => ({ type: "text", text: "p" })),
        Array.from({ length: 2 }, () => ({ type: "text", text: "x".repeat(CONTENT_MAX / 2) })),
        [
          { type: "text", text: "\ud83d" },
          { type: "text", text: "\ude00" },
        ],
      ),
    },
  );

  const sessionCursor = fc.oneof(
    fc.constant(f.sessionCursor),
    fc.constant(f.projectCursor),
    fc
      .record(
        {
          updatedAt: fc.oneof(
            fc
              .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
              .map((d) => d.toISOString()),
            fc.constantFrom(
              "0000-01-01T00:00:00.000Z",
              "2025-02-30T00:00:00.000Z",
              "2025-01-01T00:00:00.000+05:00",
              "2025-01-01T00:00:00.123456789Z",
              "9999-12-31T23:59:59.999Z",
            ),
            junk,
          ),
          id: fc.oneof(idLike, junk),
        },
        { requiredKeys: [] },
      )
      .map(cursorOf),
  );
  const messageCursor = fc.oneof(
    fc.constant(f.messageCursor),
    fc
      .record({
        seq: fc.oneof(
          fc.integer(),
          fc.constantFrom(0, 1, 2 ** 31 - 1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e100, 1.5),
          junk,
        ),
      })
      .map(cursorOf),
  );
  const cursor = fc.oneof(
    { weight: 3, arbitrary: sessionCursor },
    { weight: 2, arbitrary: messageCursor },
    { weight: 1, arbitrary: junk.map(cursorOf) },
    { weight: 2, arbitrary: text },
    { weight: 1, arbitrary: fc.constant("a".repeat(513)) },
  );
  const limit = fc.oneof(
    fc.constantFrom("0", "1", "2", "50", "200", "201", "-1", "1.5", "1e2", "0x10", " 5", "5 "),
    fc.constantFrom("٣", "abc", "", "00001", "9999", "10000", "Infinity", "NaN"),
    fc.nat({ max: 300 }).map(String),
    text,
  );
  const flag = fc.oneof(fc.constantFrom("true", "false", "TRUE", "1", "0", "yes", ""), text);

  /** Query entries, keys repeated at will (URLSearchParams keeps every one). */
  const query = (values: Record<string, fc.Arbitrary<string>>) => {
    const known = Object.entries(values).map(([name, value]) =>
      value.map((v): [string, string] => [name, v]),
    );
    const entry = fc.oneof(
      { weight: 6, arbitrary: fc.oneof(...known) },
      { weight: 1, arbitrary: fc.tuple(fc.oneof(key, fc.constantFrom("LIMIT", "limit[]")), text) },
    );
    return fc.array(entry, { maxLength: 5 });
  };

  return {
    createProject: body(
      {
        name: field(name),
        description: field(fc.oneof(text, fc.constant(null))),
        type: field(fc.oneof(text, fc.constantFrom("document", "code"))),
      },
      {
        valid: fc.record(
          {
            name: goodName,
            description: fc.oneof(goodText, fc.constant(null)),
            type: goodName.filter((s) => s.trim().length <= 50),
          },
          { requiredKeys: ["name"] },
        ),
      },
    ),
    updateProject: fc.tuple(
      projectId,
      body(
        {
          name: field(name),
          description: field(fc.oneof(text, fc.constant(null))),
          type: field(text),
          status: field(fc.constantFrom("active", "archived", "ACTIVE", "deleted")),
          files: field(files),
        },
        {
          valid: fc
            .record(
              {
                name: goodName,
                description: fc.oneof(goodText, fc.constant(null)),
                status: fc.constantFrom("active", "archived"),
                files: fc.dictionary(goodText, fc.oneof(goodText, fc.constant("")), {
                  maxKeys: 3,
                }),
              },
              { requiredKeys: [] },
            )
            .filter((r) => Object.keys(r).length > 0),
        },
      ),
    ),
    createSession: body(
      { projectId: field(projectId), name: field(name) },
      {
        valid: fc.record(
          { projectId: aliceProject, name: goodName },
          { requiredKeys: ["projectId"] },
        ),
      },
    ),
    renameSession: fc.tuple(
      sessionId,
      body({ name: field(name) }, { valid: fc.record({ name: goodName }) }),
    ),
    postMessage: body(
      {
        chatSessionId: field(sessionId),
        role: field(fc.constantFrom("user", "assistant", "system", "USER", "tool")),
        content: field(content),
        id: field(messageId),
      },
      {
        valid: fc.record(
          {
            chatSessionId: aliceSession,
            role: fc.constantFrom("user", "assistant"),
            content: goodText,
            id: fc.oneof(idLike, fc.constantFrom(...f.messageIds)),
          },
          { requiredKeys: ["chatSessionId", "role", "content"] },
        ),
      },
    ),
    chat: body(
      {
        chatSessionId: field(sessionId),
        message: field(
          body(
            {
              id: field(messageId),
              role: field(fc.constantFrom("user", "assistant", "system")),
              parts: field(parts),
              metadata: junk,
            },
            { assign: false },
          ),
        ),
        trigger: field(fc.constantFrom("submit-message", "regenerate-message", "resume")),
      },
      {
        assign: false,
        valid: fc.record(
          {
            chatSessionId: aliceSession,
            message: fc.record({
              id: fc.oneof(idLike, fc.constantFrom(...f.messageIds)),
              role: fc.constant("user"),
              parts: fc
                .array(
                  fc.oneof(
                    fc.record({ type: fc.constant("text"), text: goodText }),
                    fc.constant({ type: "step-start" }),
                    fc.record({ type: fc.constant("reasoning"), text: goodText }),
                  ),
                  { minLength: 1, maxLength: 3 },
                )
                .filter((ps) => ps.some((p) => p.type === "text")),
            }),
            trigger: fc.constantFrom("submit-message", "regenerate-message"),
          },
          { requiredKeys: ["chatSessionId", "message"] },
        ),
      },
    ),
    stop: body(
      { messageId: field(messageId) },
      { assign: false, valid: fc.record({ messageId: idLike }) },
    ),
    listProjects: query({ limit, cursor }),
    listSessions: query({
      projectId: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...f.projectIds) },
        { weight: 1, arbitrary: anyId },
      ),
      includeMessages: flag,
      limit,
      cursor,
    }),
    listMessages: query({
      chatSessionId: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...f.sessionIds) },
        { weight: 1, arbitrary: anyId },
      ),
      limit,
      before: cursor,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// What every answer must satisfy

let sent = 0;
/** Answers per route, to prove the generators reach both sides of every route's validation. */
const tally = new Map<string, { accepted: number; refused: number }>();

function count(method: string, path: string, accepted: boolean) {
  const route = `${method} ${path.replace(/\?.*$/s, "").replace(/^(\/api\/(projects|chat-sessions))\/[^/]+$/, "$1/[id]")}`;
  const entry = tally.get(route) ?? { accepted: 0, refused: 0 };
  if (accepted) entry.accepted += 1;
  else entry.refused += 1;
  tally.set(route, entry);
}

/** The database's fingerprint after the last request. */
let current: Record<string, string>;

const TABLES = [
  "user",
  "session",
  "account",
  "verification",
  "projects",
  "chat_sessions",
  "chat_messages",
];

/**
 * Every row's version in every table, in one row: equal fingerprints mean nothing was
 * written. `xmin` is the transaction that wrote a row version, so any insert, update or delete
 * changes a table's count or its sum (a row lock does not), without reading the rows' contents.
 */
async function fingerprint(): Promise<Record<string, string>> {
  const columns = TABLES.map(
    (table) =>
      `(select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) from "${table}") as "${table}"`,
  );
  const [row] = await sqlRows<Record<string, string>>(sql.raw(`select ${columns.join(", ")}`));
  if (!row) throw new Error("no fingerprint");
  return row;
}

/** What a server must never show a client: stack frames, SQL, driver and runtime messages. */
const LEAK =
  /\bat [^\n]*\(|\.(ts|js|mjs|cjs):\d+|\bselect\s|\binsert\s+into|\bupdate\s+"|\bdelete\s+from|\bwhere\s|violates|syntax error|duplicate key|pglite|postgres|drizzle|node_modules|relation "|column "|sqlstate|econnrefused|TypeError|RangeError|ReferenceError|call stack|undefined is not|cannot read prop/i;

function expectNoLeak(message: unknown, context: string) {
  expect(typeof message, context).toBe("string");
  expect(message as string, context).not.toMatch(LEAK);
}

/** A refusal of the app's own routes: a 4xx in `{ error: { code, message, details? } }`. */
function expectRefusal(status: number, text: string, context: string) {
  expect(status, context).toBeGreaterThanOrEqual(400);
  expect(status, context).toBeLessThan(500);
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${context}: the ${status} body is not JSON: ${text.slice(0, 200)}`);
  }
  expect(errorBody.safeParse(body).success, `${context}: ${text.slice(0, 300)}`).toBe(true);
  expect(Object.keys(body), context).toEqual(["error"]);
  for (const k of Object.keys(body.error))
    expect(["code", "message", "details"], context).toContain(k);
  expect(errorStatus[body.error.code as keyof typeof errorStatus], context).toBe(status);
  expect(body.error.message.length, context).toBeGreaterThan(0);
  expectNoLeak(body.error.message, context);
  // Detail paths name the client's own keys; only the messages are the server's words.
  for (const detail of body.error.details ?? []) expectNoLeak(detail.message, context);
}

/** What the server's JSON.parse made of the body: the input the checks reason about. */
const onTheWire = (body: unknown): unknown => JSON.parse(JSON.stringify(body) ?? "null");

const describeBody = (body: unknown) => {
  const s = JSON.stringify(body) ?? String(body);
  return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
};

interface Exchange {
  method: string;
  path: string;
  /** A JSON body (serialised here) or raw bytes. */
  body?: unknown;
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Checks a 2xx answer; the database may have changed. */
  accepted: (res: Response) => Promise<void>;
  /** Statuses this request may answer with, when the input decides it. */
  allowed?: number[];
  /** Better Auth has its own error shape: only "no 5xx, no leak" is asked of it. */
  auth?: boolean;
  /** Alice's session cookie unless told otherwise. */
  cookie?: string;
}

/**
 * Sends one request and holds it to the contract: no 5xx; a refusal in the documented shape
 * with nothing written (a GET never writes); an acceptance checked by the caller.
 */
async function exchange(x: Exchange): Promise<void> {
  const context = `${x.method} ${x.path} ${x.raw === undefined ? describeBody(x.body) : describeBody(typeof x.raw === "string" ? x.raw : `<${x.raw.byteLength} bytes>`)}`;
  const before = current;
  try {
    const res = await send(x.method, x.path, "cookie" in x ? x.cookie : fx.alice.cookie, {
      body: x.raw === undefined ? x.body : undefined,
      rawBody: x.raw,
      headers: x.headers,
    });
    sent += 1;
    count(x.method, x.path, res.status < 400);
    expect(res.status, context).toBeLessThan(500);
    if (x.allowed) expect(x.allowed, context).toContain(res.status);
    if (res.status >= 400) {
      const text = await res.text();
      if (x.auth) {
        let parsed: Json | null = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          // Better Auth may answer some refusals without a JSON body: only its words matter.
        }
        expectNoLeak(typeof parsed?.message === "string" ? parsed.message : text, context);
      } else {
        expectRefusal(res.status, text, context);
      }
      expect(await fingerprint(), `${context}: a refused request wrote`).toEqual(before);
      return;
    }
    expect(res.status, context).toBeGreaterThanOrEqual(200);
    await x.accepted(res);
    const after = await fingerprint();
    if (x.method === "GET") expect(after, `${context}: a GET wrote`).toEqual(before);
    current = after;
  } catch (error) {
    current = await fingerprint();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// What an accepted request must have stored

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Stored text is text PostgreSQL can hold and JSON carries unchanged. */
function expectStorable(s: string, maxCodePoints: number, context: string) {
  expect(s.includes("\u0000"), context).toBe(false);
  expect(s.isWellFormed(), context).toBe(true);
  expect([...s].length, context).toBeLessThanOrEqual(maxCodePoints);
}

/** A display name: trimmed, 1–200 characters. */
function expectName(name: string, sent: unknown, context: string) {
  expect(typeof sent, context).toBe("string");
  expect(name, context).toBe((sent as string).trim());
  expect(name.length, context).toBeGreaterThan(0);
  expectStorable(name, 200, context);
}

/** Message text as stored: a leading byte order mark dropped, 1 to the limit characters. */
function expectContent(content: string, sent: unknown, context: string) {
  expect(typeof sent, context).toBe("string");
  expect(content, context).toBe((sent as string).replace(/^\uFEFF/, ""));
  expect(content.length, context).toBeGreaterThan(0);
  expectStorable(content, CONTENT_MAX, context);
}

const get = async (path: string) => {
  const res = await send("GET", path, fx.alice.cookie);
  return { status: res.status, body: (await res.json()) as Json };
};

async function projectAccepted(res: Response, input: unknown, previous: Json | null) {
  const context = `project ${describeBody(input)}`;
  const status = res.status;
  const { project } = projectBody.parse(await res.json());
  expect(isObject(input), context).toBe(true);
  const sentFields = input as Json;
  expect(project.userId, context).toBe(fx.alice.userId);
  if (previous === null) {
    expect(status, context).toBe(201);
    expect(fx.projectIds, context).not.toContain(project.id);
  } else {
    expect(status, context).toBe(200);
    expect(project.id, context).toBe(previous.id);
    expect(project.createdAt, context).toBe(previous.createdAt);
    expect(project.updatedAt >= previous.updatedAt, context).toBe(true);
  }
  const has = (k: string) => Object.hasOwn(sentFields, k);
  if (has("name")) expectName(project.name, sentFields.name, context);
  else if (previous) expect(project.name, context).toBe(previous.name);
  if (has("description")) {
    const d = sentFields.description;
    expect(d === null || typeof d === "string", context).toBe(true);
    // Like message content, a leading byte order mark is dropped (PGlite cannot read one back).
    expect(project.description, context).toBe(typeof d === "string" ? d.replace(/^\uFEFF/, "") : d);
    if (typeof d === "string") expectStorable(d, 10_000, context);
  } else expect(project.description, context).toBe(previous ? previous.description : null);
  if (has("type")) {
    expect(typeof sentFields.type, context).toBe("string");
    expect(project.type, context).toBe(sentFields.type.trim());
    expect(project.type.length, context).toBeGreaterThan(0);
    expectStorable(project.type, 50, context);
  } else expect(project.type, context).toBe(previous ? previous.type : "document");
  if (previous && has("status")) expect(project.status, context).toBe(sentFields.status);
  else expect(project.status, context).toBe(previous ? previous.status : "active");
  if (previous && has("files")) {
    expect(isObject(sentFields.files), context).toBe(true);
    // Every file the client sent, under its own name, and nothing else.
    expect(Object.keys(project.files).sort(), context).toEqual(
      Object.keys(sentFields.files).sort(),
    );
    for (const [path, content] of Object.entries(sentFields.files)) {
      expect(path.length, context).toBeGreaterThan(0);
      expectStorable(path, 500, context);
      expect(project.files[path], context).toBe(content);
    }
  } else expect(project.files, context).toEqual(previous ? previous.files : {});
  const back = await get(`/api/projects/${project.id}`);
  expect(back.status, context).toBe(200);
  expect(back.body.project, context).toEqual(project);
}

async function sessionCreated(res: Response, input: Json) {
  const context = `new session ${describeBody(input)}`;
  expect(res.status, context).toBe(201);
  const { chatSession } = chatSessionWithMessagesBody.parse(await res.json());
  expect(fx.projectIds, context).toContain(input.projectId);
  expect(chatSession.projectId, context).toBe(input.projectId);
  expect(chatSession.messages, context).toEqual([]);
  if (Object.hasOwn(input, "name")) expectName(chatSession.name, input.name, context);
  else expect(chatSession.name, context).toBe("New Chat");
  const back = await get(`/api/chat-sessions/${chatSession.id}`);
  expect(back.status, context).toBe(200);
  expect(back.body.chatSession, context).toEqual(chatSession);
}

async function sessionRenamed(res: Response, id: string, input: Json, previous: Json) {
  const context = `rename ${id} ${describeBody(input)}`;
  expect(res.status, context).toBe(200);
  const { chatSession } = chatSessionBody.parse(await res.json());
  expect(chatSession.id, context).toBe(id);
  expect(chatSession.projectId, context).toBe(previous.projectId);
  expect(chatSession.createdAt, context).toBe(previous.createdAt);
  expectName(chatSession.name, input.name, context);
  const back = await get(`/api/chat-sessions/${id}`);
  const { messages: _messages, ...stored } = back.body.chatSession;
  expect(stored, context).toEqual(chatSession);
}

async function messagePosted(res: Response, input: Json) {
  const context = `message ${describeBody(input)}`;
  const { message } = messageBody.parse(await res.json());
  expect(fx.sessionIds, context).toContain(input.chatSessionId);
  expect(message.chatSessionId, context).toBe(input.chatSessionId);
  expect(message.role, context).toBe(input.role);
  expect(["user", "assistant"], context).toContain(input.role);
  expectContent(message.content, input.content, context);
  expect(message.status, context).toBe("complete");
  if (input.id !== undefined) expect(message.id, context).toBe(input.id);
  if (res.status === 201) {
    const newest = await get(`/api/chat-messages?chatSessionId=${message.chatSessionId}&limit=1`);
    expect(newest.body.messages, context).toEqual([JSON.parse(JSON.stringify(message))]);
  } else {
    // 200: the same message sent again under its id: the stored one comes back, unchanged.
    expect(res.status, context).toBe(200);
    expect(input.id, context).toBeDefined();
    const [row] = await sqlRows<{ content: string; role: string }>(
      sql`select content, role from chat_messages where id = ${message.id}`,
    );
    expect(row, context).toEqual({ content: message.content, role: message.role });
  }
}

async function chatAccepted(res: Response, input: Json) {
  const context = `chat ${describeBody(input)}`;
  expect(res.status, context).toBe(200);
  expect(res.headers.get("content-type"), context).toMatch(/^text\/event-stream/);
  const chunks = parseEvents(await res.text());
  const start = chunks.find((c) => c.type === "start");
  if (!start) throw new Error(`${context}: no start chunk`);
  expect(chunks.at(-1)?.type, context).toBe("finish");
  const message = input.message as Json;
  expect((start.messageMetadata as Json).userMessageId, context).toBe(message.id);
  expect(fx.sessionIds, context).toContain(input.chatSessionId);
  expect(message.role, context).toBe("user");
  const joined = (message.parts as Json[])
    .flatMap((p) => (p.type === "text" && typeof p.text === "string" && p.text ? [p.text] : []))
    .join("");
  const [question] = await sqlRows<{ content: string; role: string; chat_session_id: string }>(
    sql`select content, role, chat_session_id from chat_messages where id = ${message.id}`,
  );
  expect(question?.role, context).toBe("user");
  expect(question?.chat_session_id, context).toBe(input.chatSessionId);
  expectContent(question?.content ?? "", joined, context);
  const reply = await settledReply(String(start.messageId));
  expect(reply?.status, context).toBe("complete");
  expect(reply?.inReplyTo, context).toBe(message.id);
}

// ---------------------------------------------------------------------------------------------

const originalPrototype = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  const alice = await signUp();
  const bob = await signUp();
  const post = async (user: User, path: string, body: unknown) => {
    const res = await user.post(path, body);
    if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status}`);
    return res.body;
  };
  const first = (await post(alice, "/api/projects", { name: "Fuzz one" })).project.id;
  const second = (await post(alice, "/api/projects", { name: "Fuzz two" })).project.id;
  const s1 = (await post(alice, "/api/chat-sessions", { projectId: first })).chatSession.id;
  const s2 = (await post(alice, "/api/chat-sessions", { projectId: first, name: "Second" }))
    .chatSession.id;
  const s3 = (await post(alice, "/api/chat-sessions", { projectId: second })).chatSession.id;
  const messageIds: string[] = [];
  for (const content of ["hello fixture", "second", "third"]) {
    const res = await post(alice, "/api/chat-messages", {
      chatSessionId: s1,
      role: "user",
      content,
      id: `fixture-${content.replace(/\W/g, "-")}`,
    });
    messageIds.push(res.message.id);
  }
  const otherProjectId = (await post(bob, "/api/projects", { name: "Bob's" })).project.id;
  const otherSessionId = (await post(bob, "/api/chat-sessions", { projectId: otherProjectId }))
    .chatSession.id;
  const otherMessageId = (
    await post(bob, "/api/chat-messages", {
      chatSessionId: otherSessionId,
      role: "user",
      content: "bob's secret",
      id: "bobs-message",
    })
  ).message.id;
  const cursorFrom = async (path: string, field: string) => {
    const cursor = (await alice.get(path)).body[field];
    if (typeof cursor !== "string") throw new Error(`fixture: no cursor from ${path}`);
    return cursor;
  };
  fx = {
    alice,
    bob,
    projectIds: [first, second],
    sessionIds: [s1, s2, s3],
    messageIds,
    otherProjectId,
    otherSessionId,
    otherMessageId,
    projectCursor: await cursorFrom("/api/projects?limit=1", "nextCursor"),
    sessionCursor: await cursorFrom(
      `/api/chat-sessions?projectId=${first}&includeMessages=false&limit=1`,
      "nextCursor",
    ),
    messageCursor: await cursorFrom(`/api/chat-messages?chatSessionId=${s1}&limit=1`, "prevCursor"),
  };
  current = await fingerprint();
});

afterAll(() => {
  const routes = [...tally].map(
    ([route, n]) => `${route}: ${n.accepted} accepted, ${n.refused} refused`,
  );
  console.log(
    `[fuzz] ${sent} generated requests${seed === undefined ? "" : ` (seed ${seed})`}\n  ${routes.join("\n  ")}`,
  );
});

/** Sends a generated JSON body; one with a `__proto__` key anywhere must be refused (or too big). */
const json = (method: string, path: string, body: unknown, accepted: Exchange["accepted"]) => {
  const wire = JSON.stringify(body) ?? "null";
  const allowed =
    findProtoKey(JSON.parse(wire)) === null
      ? undefined
      : Buffer.byteLength(wire) > MAX_BODY_BYTES
        ? [413]
        : [400];
  return exchange({ method, path, body, accepted, allowed });
};

/**
 * An id as one path segment. "", "." and ".." cannot be one (a URL parser drops or resolves
 * them, so no client can send them as an id): an id surely unknown goes instead.
 */
const pathSegment = (id: string) => {
  const encoded = encodeURIComponent(id.toWellFormed());
  return encoded === "" || encoded === "." || encoded === ".." ? "%20" : encoded;
};

describe("fuzzed JSON bodies", () => {
  it("POST /api/projects", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).createProject, (body) =>
        json("POST", "/api/projects", body, (res) => projectAccepted(res, onTheWire(body), null)),
      ),
      options(RUNS.createProject),
    );
  });

  it("PATCH /api/projects/[id]", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).updateProject, async ([id, body]) => {
        const path = `/api/projects/${pathSegment(id)}`;
        const previous = fx.projectIds.includes(id) ? (await get(path)).body.project : null;
        await json("PATCH", path, body, async (res) => {
          expect(previous, `PATCH of ${id} accepted`).not.toBeNull();
          await projectAccepted(res, onTheWire(body), previous);
        });
      }),
      options(RUNS.updateProject),
    );
  });

  it("POST /api/chat-sessions", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).createSession, (body) =>
        json("POST", "/api/chat-sessions", body, (res) =>
          sessionCreated(res, onTheWire(body) as Json),
        ),
      ),
      options(RUNS.createSession),
    );
  });

  it("PATCH /api/chat-sessions/[id]", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).renameSession, async ([id, body]) => {
        const path = `/api/chat-sessions/${pathSegment(id)}`;
        const previous = fx.sessionIds.includes(id) ? (await get(path)).body.chatSession : null;
        await json("PATCH", path, body, async (res) => {
          expect(previous, `PATCH of ${id} accepted`).not.toBeNull();
          await sessionRenamed(res, id, onTheWire(body) as Json, previous);
        });
      }),
      options(RUNS.renameSession),
    );
  });

  it("POST /api/chat-messages", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).postMessage, (body) =>
        json("POST", "/api/chat-messages", body, (res) =>
          messagePosted(res, onTheWire(body) as Json),
        ),
      ),
      options(RUNS.postMessage),
    );
  });

  it("POST /api/chat (the offline model)", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).chat, (body) =>
        json("POST", "/api/chat", body, (res) => chatAccepted(res, onTheWire(body) as Json)),
      ),
      options(RUNS.chat),
    );
  });

  it("POST /api/chat/stop", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).stop, (body) =>
        json("POST", "/api/chat/stop", body, async (res) => {
          expect(res.status).toBe(200);
          // Every reply above has settled: there is nothing running to stop.
          expect(stopReplyResultBody.parse(await res.json())).toEqual({ stopped: false });
        }),
      ),
      options(RUNS.stop),
    );
  });
});

// ---------------------------------------------------------------------------------------------

/** The limit a list must honour, when the query asks for pages with a valid one. */
function pageSize(params: URLSearchParams): number | undefined {
  const limit = Object.fromEntries(params).limit;
  return limit === undefined ? undefined : Number(limit);
}

const paged = (params: URLSearchParams, cursorName: string) => {
  const q = Object.fromEntries(params);
  return q.limit !== undefined || q[cursorName] !== undefined;
};

function listExchange(
  path: string,
  entries: [string, string][],
  check: (body: Json, params: URLSearchParams) => void,
) {
  const params = new URLSearchParams();
  for (const [k, v] of entries) params.append(k, v);
  return exchange({
    method: "GET",
    path: `${path}?${params}`,
    accepted: async (res) => {
      expect(res.status).toBe(200);
      // What the server read: the URL's own parse (lone surrogates became U+FFFD on the way).
      const seen = new URL(`${path}?${params}`, "http://localhost").searchParams;
      const body = (await res.json()) as Json;
      const size = pageSize(seen);
      check(body, seen);
      const list = (body.projects ?? body.chatSessions ?? body.messages) as unknown[];
      if (size !== undefined) {
        expect(Number.isInteger(size) && size >= 1 && size <= 200).toBe(true);
        expect(list.length).toBeLessThanOrEqual(size);
      }
    },
  });
}

describe("fuzzed query strings", () => {
  it("GET /api/projects", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).listProjects, (entries) =>
        listExchange("/api/projects", entries, (body, q) => {
          const parsed = projectListBody.parse(body);
          for (const p of parsed.projects) expect(p.userId).toBe(fx.alice.userId);
          expect(Object.hasOwn(body, "nextCursor")).toBe(paged(q, "cursor"));
        }),
      ),
      options(RUNS.listProjects),
    );
  });

  it("GET /api/chat-sessions", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).listSessions, (entries) =>
        listExchange("/api/chat-sessions", entries, (body, q) => {
          const parsed = chatSessionListBody.parse(body);
          const projectId = Object.fromEntries(q).projectId;
          expect(fx.projectIds).toContain(projectId);
          for (const s of parsed.chatSessions) expect(s.projectId).toBe(projectId);
          expect(Object.hasOwn(body, "nextCursor")).toBe(paged(q, "cursor"));
        }),
      ),
      options(RUNS.listSessions),
    );
  });

  it("GET /api/chat-messages", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).listMessages, (entries) =>
        listExchange("/api/chat-messages", entries, (body, q) => {
          const parsed = messageListBody.parse(body);
          const sessionId = Object.fromEntries(q).chatSessionId;
          expect(fx.sessionIds).toContain(sessionId);
          for (const m of parsed.messages) expect(m.chatSessionId).toBe(sessionId);
          expect(Object.hasOwn(body, "prevCursor")).toBe(paged(q, "before"));
        }),
      ),
      options(RUNS.listMessages),
    );
  });

  it("raw query strings on every list", { timeout: 60_000 }, async () => {
    const queryChar = fc.oneof(
      fc.constantFrom(..."%&=+#?;/ []".split(""), "%00", "%FF", "%ED%A0%80", "%F0%9F%98", "%%"),
      fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
      unit,
    );
    const raw = fc.string({ unit: queryChar, maxLength: 40 });
    const prefix = fc.constantFrom(
      "/api/projects?",
      "/api/projects?limit=",
      `/api/chat-sessions?projectId=${fx.projectIds[0]}&`,
      "/api/chat-sessions?",
      `/api/chat-messages?chatSessionId=${fx.sessionIds[0]}&`,
      `/api/chat-messages?chatSessionId=${fx.sessionIds[0]}&limit=2&before=`,
    );
    await fc.assert(
      fc.asyncProperty(prefix, raw, (start, rest) =>
        exchange({
          method: "GET",
          path: `${start}${rest}`.replace(/#.*/s, ""),
          accepted: async (res) => {
            const body = (await res.json()) as Json;
            const schema = start.startsWith("/api/projects")
              ? projectListBody
              : start.startsWith("/api/chat-sessions")
                ? chatSessionListBody
                : messageListBody;
            expect(schema.safeParse(body).success).toBe(true);
          },
        }),
      ),
      options(RUNS.rawQuery),
    );
  });
});

// ---------------------------------------------------------------------------------------------

interface RawTarget {
  method: string;
  path: string;
  /** A body the route would take, to truncate and corrupt. */
  valid: () => Json;
  /** What the route's resource looked like before (for a PATCH). */
  before?: () => Promise<Json>;
  /** Checks a 2xx for the body the server parsed. */
  accepted: (res: Response, input: unknown, previous: Json | null) => Promise<void>;
}

function rawTargets(): RawTarget[] {
  const [project] = fx.projectIds as [string];
  const [session] = fx.sessionIds as [string];
  let n = 0;
  const unique = () => `raw-${Date.now()}-${++n}`;
  return [
    {
      method: "POST",
      path: "/api/projects",
      valid: () => ({ name: "Raw project", description: "d", type: "code" }),
      accepted: (res, input) => projectAccepted(res, input, null),
    },
    {
      method: "PATCH",
      path: `/api/projects/${project}`,
      valid: () => ({ name: "Raw rename", status: "active", files: { "a.txt": "a" } }),
      before: async () => (await get(`/api/projects/${project}`)).body.project,
      accepted: (res, input, previous) => projectAccepted(res, input, previous),
    },
    {
      method: "POST",
      path: "/api/chat-sessions",
      valid: () => ({ projectId: project, name: "Raw session" }),
      accepted: (res, input) => sessionCreated(res, input as Json),
    },
    {
      method: "PATCH",
      path: `/api/chat-sessions/${session}`,
      valid: () => ({ name: "Raw name" }),
      before: async () => (await get(`/api/chat-sessions/${session}`)).body.chatSession,
      accepted: (res, input, previous) =>
        sessionRenamed(res, session, input as Json, previous ?? {}),
    },
    {
      method: "POST",
      path: "/api/chat-messages",
      valid: () => ({ chatSessionId: session, role: "user", content: "raw", id: unique() }),
      accepted: (res, input) => messagePosted(res, input as Json),
    },
    {
      method: "POST",
      path: "/api/chat",
      valid: () => ({
        chatSessionId: session,
        message: { id: unique(), role: "user", parts: [{ type: "text", text: "raw chat" }] },
      }),
      accepted: (res, input) => chatAccepted(res, input as Json),
    },
    {
      method: "POST",
      path: "/api/chat/stop",
      valid: () => ({ messageId: fx.messageIds[0] }),
      accepted: async (res) => {
        expect(stopReplyResultBody.parse(await res.json())).toEqual({ stopped: false });
      },
    },
  ];
}

const nested = (depth: number, open = "[", close = "]") =>
  `${open.repeat(depth)}${close.repeat(depth)}`;

/** Hand-picked bodies no generator should be trusted to find. */
const RAW_SPECIALS: string[] = [
  "",
  " ",
  "null",
  "[]",
  "{}",
  '"x"',
  "1",
  "true",
  "{",
  "}",
  '{"name":}',
  "{'name':'x'}",
  '{"name":"x",}',
  '{"name":NaN}',
  '{"name":"x"}//',
  "/*c*/{}",
  "\ufeff{}",
  '{"name":"\\ud800"}',
  '{"name":"\\u0000"}',
  '{"name":"x","name":5}',
  '{"a":1e999999}',
  '{"__proto__":{"polluted":true},"name":"proto"}',
  '{"constructor":{"prototype":{"polluted":true}},"name":"ctor"}',
  nested(10_000),
  "[".repeat(100_000),
  `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
  `{"name":${nested(10_000)}}`,
  `{"chatSessionId":${nested(10_000)},"message":${nested(10_000, "{", "}")}}`,
];

describe("fuzzed raw bodies", () => {
  it("random bytes, truncated and corrupted JSON, odd content types", {
    timeout: 120_000,
  }, async () => {
    const targets = rawTargets();
    const contentType = fc.constantFrom(
      "application/json",
      "application/json",
      "application/json; charset=utf-8",
      "Application/JSON",
      "application/json;charset=utf-16",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      "",
    );
    const bytes = fc.oneof(
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SPECIALS).map((s) => Buffer.from(s)) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.nat(), fc.nat(), fc.uint8Array({ minLength: 0, maxLength: 4 }), fc.boolean())
          .map(([target, at, insert, truncate]) => ({ target, at, insert, truncate })),
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), bytes, contentType, async (which, payload, type) => {
        const target = targets[which % targets.length] as RawTarget;
        let raw: Uint8Array;
        if (payload instanceof Uint8Array) raw = payload;
        else {
          // A valid body, cut short or with bytes spliced in.
          const valid = Buffer.from(JSON.stringify(target.valid()));
          const at = payload.at % (valid.length + 1);
          raw = payload.truncate
            ? valid.subarray(0, at)
            : Buffer.concat([valid.subarray(0, at), payload.insert, valid.subarray(at)]);
        }
        const previous = target.before ? await target.before() : null;
        await exchange({
          method: target.method,
          path: target.path,
          raw,
          headers: type ? { "content-type": type } : {},
          accepted: async (res) => {
            // Accepted: check it against what the server must have parsed.
            const input = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
            await target.accepted(res, input, previous);
          },
        });
      }),
      options(RUNS.rawBody),
    );
  });

  it("answers 400 to 10,000 nested arrays and other deep or unbalanced bodies", {
    timeout: 60_000,
  }, async () => {
    for (const target of rawTargets()) {
      for (const raw of [
        nested(10_000),
        nested(100_000),
        "[".repeat(10_000),
        `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
        `{"name":${nested(10_000)},"content":${nested(10_000)}}`,
        "[".repeat(MAX_BODY_BYTES),
      ]) {
        const res = await send(target.method, target.path, fx.alice.cookie, {
          rawBody: raw,
          headers: { "content-type": "application/json" },
        });
        sent += 1;
        const context = `${target.method} ${target.path} <${raw.length} chars of nesting>`;
        expect(res.status, context).toBe(400);
        expectRefusal(res.status, await res.text(), context);
      }
      const over = await send(target.method, target.path, fx.alice.cookie, {
        rawBody: "[".repeat(MAX_BODY_BYTES + 1),
        headers: { "content-type": "application/json" },
      });
      sent += 1;
      expect(over.status).toBe(413);
      expectRefusal(over.status, await over.text(), `${target.path} over 1 MiB`);
    }
    expect(await fingerprint()).toEqual(current);
  });
});

describe("fuzzed sign-in and sign-up (Better Auth's own routes)", () => {
  it("never answers 5xx or leaks", { timeout: 60_000 }, async () => {
    const email = fc.oneof(
      fc.constant(fx.alice.email),
      fc.emailAddress(),
      fc.constantFrom("a@b", "@", "x@example.com\u0000", "é@例え.jp", `${"a".repeat(300)}@e.com`),
      text,
    );
    const password = fc.oneof(
      fc.constant(fx.alice.password),
      fc.constant("short"),
      fc.constant("p".repeat(129)),
      fc.string({ minLength: 8, maxLength: 20 }),
      text,
    );
    const authBody = fc.oneof(
      fc.record(
        { email: field(email), password: field(password), name: field(text), rememberMe: junk },
        { requiredKeys: [] },
      ),
      // Plausible: the real account (sign-in), or a new address (sign-up).
      fc.record({
        email: fc.oneof(fc.constant(fx.alice.email), fc.emailAddress()),
        password: fc.oneof(
          fc.constant(fx.alice.password),
          fc.string({ minLength: 8, maxLength: 20 }),
        ),
        name: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
      }),
    );
    const route = fc.constantFrom("/api/auth/sign-in/email", "/api/auth/sign-up/email");
    await fc.assert(
      fc.asyncProperty(route, fc.oneof(authBody, junk), async (path, body) => {
        await exchange({
          method: "POST",
          path,
          body,
          headers: { "content-type": "application/json" },
          auth: true,
          cookie: undefined,
          accepted: async (res) => {
            // Only a real account signs in, and a sign-up needs a fresh, valid address.
            const input = onTheWire(body) as Json;
            expect(res.status).toBe(200);
            if (path.endsWith("sign-in/email")) expect(input.email).toBe(fx.alice.email);
            expect((await res.json()).user.email).toBe(String(input.email).toLowerCase());
          },
        });
      }),
      options(RUNS.auth),
    );
  });
});

describe("what the fuzzing found, pinned", () => {
  const raw = (method: string, path: string, text: string) =>
    send(method, path, fx.alice.cookie, {
      rawBody: text,
      headers: { "content-type": "application/json" },
    });

  it("refuses a __proto__ key anywhere in a body with 400, naming where (it used to vanish)", async () => {
    const [project] = fx.projectIds as [string];
    const [session] = fx.sessionIds as [string];
    const cases: [string, string, string, string][] = [
      ["POST", "/api/projects", '{"name":"x","__proto__":{"polluted":1}}', "__proto__"],
      // A file named __proto__ was dropped while the PATCH answered 200.
      [
        "PATCH",
        `/api/projects/${project}`,
        '{"files":{"__proto__":"x","a":"b"}}',
        "files.__proto__",
      ],
      // Spelled with an escape, it is the same key once parsed.
      ["PATCH", `/api/projects/${project}`, '{"files":{"\\u005f_proto__":"x"}}', "files.__proto__"],
      [
        "POST",
        "/api/chat",
        `{"chatSessionId":"${session}","message":{"id":"p1","role":"user","parts":[{"type":"text","text":"hi","__proto__":{}}]}}`,
        "message.parts.0.__proto__",
      ],
    ];
    for (const [method, path, body, where] of cases) {
      const res = await raw(method, path, body);
      const text = await res.text();
      expectRefusal(res.status, text, `${method} ${path} ${body}`);
      expect(res.status).toBe(400);
      expect(JSON.parse(text).error.details).toEqual([
        { path: where, message: "__proto__ is not allowed as a key" },
      ]);
    }
    expect(await fingerprint()).toEqual(current);
  });

  it("stores a description without a leading byte order mark on both databases", async () => {
    const res = await fx.alice.post("/api/projects", {
      name: "BOM",
      description: "\uFEFFstarts with a BOM\uFEFF",
    });
    expect(res.status).toBe(201);
    expect(res.body.project.description).toBe("starts with a BOM\uFEFF");
    const back = await get(`/api/projects/${res.body.project.id}`);
    expect(back.body.project.description).toBe("starts with a BOM\uFEFF");
    current = await fingerprint();
  });
});

describe("after everything", () => {
  it(`sent at least ${MIN_PAYLOADS} generated payloads and polluted no prototype`, () => {
    expect(sent).toBeGreaterThanOrEqual(MIN_PAYLOADS);
    // Both sides of every route were reached: a generator gone degenerate fails here.
    for (const route of [
      "POST /api/projects",
      "PATCH /api/projects/[id]",
      "POST /api/chat-sessions",
      "PATCH /api/chat-sessions/[id]",
      "POST /api/chat-messages",
      "POST /api/chat",
      "POST /api/chat/stop",
      "GET /api/projects",
      "GET /api/chat-sessions",
      "GET /api/chat-messages",
    ]) {
      expect(tally.get(route)?.accepted, route).toBeGreaterThan(10);
      expect(tally.get(route)?.refused, route).toBeGreaterThan(10);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(originalPrototype);
    expect(({} as Json).polluted).toBeUndefined();
  });
});
