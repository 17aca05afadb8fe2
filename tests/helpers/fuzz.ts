// The shared half of the fuzz suite (tests/integration/fuzz/*.test.ts, one file per endpoint):
// fast-check generators of hostile input, a fixture made afresh for every test, and the contract
// every answer is held to. Whatever comes in: never a 5xx; every refusal a 4xx in the documented
// envelope, with nothing of the server's insides in it, and nothing written; whatever is
// accepted reads back exactly as the API answered it. FUZZ_SEED=<seed> replays a failing run.
//
// A fuzz file calls `setUpFuzzing()` at its top: before each test a new fixture (two users and
// their projects, sessions and messages) and the database's fingerprint; after each, the test's
// own tally is printed and Object.prototype checked. No test reads what another one wrote.
process.env.AI_OFFLINE_CHUNK_DELAY_MS = "0";
process.env.CHAT_RATE_LIMIT_PER_MINUTE = "1000000";
process.env.SHARE_LINK_RATE_LIMIT_PER_HOUR = "1000000";
process.env.AUTH_RATE_LIMIT_PER_MINUTE = "0";
process.env.SHARE_INVITES_PER_HOUR = "1000000";

import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterEach, beforeEach, expect } from "vitest";
import {
  chatSessionBody,
  chatSessionWithMessagesBody,
  errorBody,
  messageBody,
  projectBody,
} from "@/lib/contract/bodies";
import { errorStatus } from "@/server/http/errors";
import { findProtoKey, MAX_BODY_BYTES } from "@/server/http/request";
import { summaryRunsSettled } from "@/server/summaries/summarize-session";
import { send, signUp } from "./app";
import { repliesSettled, settledReply } from "./chat";
import { sqlRows } from "./sql";
import { parseEvents } from "./ui-stream";

export type User = Awaited<ReturnType<typeof signUp>>;
export type Json = Record<string, any>;

/**
 * Generated payloads per property; each test checks it sent its share, and fuzz/bodies.test.ts
 * that the shares add up to at least MIN_PAYLOADS.
 */
export const RUNS = {
  createProject: 700,
  updateProject: 700,
  createSession: 500,
  renameSession: 500,
  summarize: 200,
  postMessage: 700,
  chat: 400,
  stop: 250,
  listProjects: 150,
  listSessions: 400,
  listMessages: 400,
  rawQuery: 150,
  rawBody: 600,
  auth: 150,
  search: 400,
  listAround: 150,
  share: 250,
  updateShare: 200,
  deleteShare: 150,
  listShared: 150,
  createLink: 300,
  revokeLink: 200,
};
export const MIN_PAYLOADS = 5_000;
export const CONTENT_MAX = 200_000; // CHAT_MAX_CONTENT_CHARS's default

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
export const options = (numRuns: number) => ({ numRuns, seed });

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

export const unit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_CHARS) },
  { weight: 1, arbitrary: loneSurrogate },
);

export const text = fc.oneof(
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

export const key = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
  { weight: 3, arbitrary: fc.string({ unit, maxLength: 8 }) },
);

/** Any JSON value, mostly the wrong type for whatever field it lands in. */
export const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
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
export const field = <T>(plausible: fc.Arbitrary<T>) =>
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

export interface Fixture {
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

/** This test's fixture (made afresh before each test by `setUpFuzzing`). */
export let fx: Fixture;

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value) ?? "").toString("base64url");

/** The generators that need the fixture's ids. */
export function arbitraries(f: Fixture) {
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
      depth: fc.integer(),
      resumeLeafId: fc.constantFrom(...f.messageIds),
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

  const email = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(f.bob.email, f.alice.email, "nobody@example.com") },
    { weight: 1, arbitrary: fc.constantFrom("a@b", "@example.com", "x@y.z\u0000", "é@ü.de") },
    { weight: 2, arbitrary: text },
  );
  const shareRole = fc.constantFrom("viewer", "collaborator", "owner", "VIEWER", "editor", "");
  const member = fc.oneof(
    { weight: 4, arbitrary: fc.constant(f.bob.userId) },
    { weight: 1, arbitrary: fc.constant(f.alice.userId) },
    { weight: 2, arbitrary: anyId },
  );
  const sharedCursor = fc
    .record(
      {
        sharedAt: fc.oneof(
          fc.constantFrom(
            "2025-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z",
            "2025-02-30T00:00:00.000Z",
          ),
          junk,
        ),
        id: fc.oneof(idLike, junk),
      },
      { requiredKeys: [] },
    )
    .map(cursorOf);

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
    summarize: fc.tuple(sessionId, body({}, { valid: fc.constant({}), assign: false })),
    createLink: fc.tuple(
      sessionId,
      body(
        { mode: field(fc.constantFrom("snapshot", "live", "Live", "public", "")) },
        {
          valid: fc.record({ mode: fc.constantFrom("snapshot", "live") }, { requiredKeys: [] }),
          assign: false,
        },
      ),
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
    share: fc.tuple(
      sessionId,
      body(
        { email: field(email), role: field(shareRole) },
        {
          assign: false,
          valid: fc.record({
            email: fc.constantFrom(f.bob.email, f.bob.email.toUpperCase(), ` ${f.bob.email} `),
            role: fc.constantFrom("viewer", "collaborator"),
          }),
        },
      ),
    ),
    updateShare: fc.tuple(
      // Mostly the first session, which the test shares with Bob: both answers occur.
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...f.sessionIds.slice(0, 1)) },
        { weight: 2, arbitrary: sessionId },
      ),
      member,
      body(
        { role: field(shareRole) },
        { assign: false, valid: fc.record({ role: fc.constantFrom("viewer", "collaborator") }) },
      ),
    ),
    shareTarget: fc.tuple(sessionId, member),
    listShared: query({ limit, cursor: fc.oneof(cursor, sharedCursor) }),
  };
}

// ---------------------------------------------------------------------------------------------
// What every answer must satisfy

/** Requests this test sent. */
let sent = 0;
/** Answers per route in this test, to prove the generators reach both sides of its validation. */
const tally = new Map<string, { accepted: number; refused: number }>();

/** Counts a request a test sent by hand (not through `exchange`). */
export function countSent(): void {
  sent += 1;
}

function count(method: string, path: string, accepted: boolean) {
  const route = `${method} ${path
    .replace(/\?.*$/s, "")
    .replace(/^(\/api\/chat-sessions\/[^/]+\/shares)\/[^/]+$/, "$1/[userId]")
    .replace(/^(\/api\/chat-sessions\/[^/]+\/links)\/[^/]+$/, "$1/[linkId]")
    .replace(
      /^(\/api\/(projects|chat-sessions))\/[^/]+(\/summary|\/shares|\/shares\/\[userId\]|\/links|\/links\/\[linkId\])?$/,
      "$1/[id]$3",
    )}`;
  const entry = tally.get(route) ?? { accepted: 0, refused: 0 };
  if (accepted) entry.accepted += 1;
  else entry.refused += 1;
  tally.set(route, entry);
}

/** The database's fingerprint after the last request. */
let current: Record<string, string>;

/** Nothing was written since the last accepted request. */
export async function expectNothingWritten(): Promise<void> {
  expect(await fingerprint()).toEqual(current);
}

/** Takes what a test wrote by itself (not through `exchange`) as the new starting point. */
export async function acceptWrites(): Promise<void> {
  current = await fingerprint();
}

const TABLES = [
  "user",
  "session",
  "account",
  "verification",
  "projects",
  "chat_sessions",
  "chat_messages",
  "chat_session_shares",
  "share_links",
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
export function expectRefusal(status: number, text: string, context: string) {
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
export const onTheWire = (body: unknown): unknown => JSON.parse(JSON.stringify(body) ?? "null");

const describeBody = (body: unknown) => {
  const s = JSON.stringify(body) ?? String(body);
  return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
};

export interface Exchange {
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
export async function exchange(x: Exchange): Promise<void> {
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
    await backgroundWorkDone();
    const after = await fingerprint();
    if (x.method === "GET") expect(after, `${context}: a GET wrote`).toEqual(before);
    current = after;
  } catch (error) {
    await backgroundWorkDone();
    current = await fingerprint();
    throw error;
  }
}

/** An accepted reply's follow-ups (a title, a summary run) write after it: wait for them. */
async function backgroundWorkDone() {
  await repliesSettled();
  await summaryRunsSettled();
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
  expect(content, context).toBe((sent as string).replace(/^\uFEFF+/, ""));
  expect(content.length, context).toBeGreaterThan(0);
  expectStorable(content, CONTENT_MAX, context);
}

export const get = async (path: string) => {
  const res = await send("GET", path, fx.alice.cookie);
  return { status: res.status, body: (await res.json()) as Json };
};

export async function projectAccepted(res: Response, input: unknown, previous: Json | null) {
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
    expect(project.description, context).toBe(
      typeof d === "string" ? d.replace(/^\uFEFF+/, "") : d,
    );
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

export async function sessionCreated(res: Response, input: Json) {
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

export async function sessionRenamed(res: Response, id: string, input: Json, previous: Json) {
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

export async function messagePosted(res: Response, input: Json) {
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
      sql`select content, role from chat_messages where id = ${message.id} and user_id = ${fx.alice.userId}`,
    );
    expect(row, context).toEqual({ content: message.content, role: message.role });
  }
}

export async function chatAccepted(res: Response, input: Json) {
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
    // Ids are per user: Bob may hold a message under the same id.
    sql`select content, role, chat_session_id from chat_messages where id = ${message.id} and user_id = ${fx.alice.userId}`,
  );
  expect(question?.role, context).toBe("user");
  expect(question?.chat_session_id, context).toBe(input.chatSessionId);
  expectContent(question?.content ?? "", joined, context);
  const reply = await settledReply(String(start.messageId));
  expect(reply?.status, context).toBe("complete");
  expect(reply?.parentId, context).toBe(message.id);
}

// ---------------------------------------------------------------------------------------------

/** Two users: Alice with two projects, three sessions and three messages; Bob with one of each. */
async function createFixture(): Promise<Fixture> {
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
  return {
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
}

const originalPrototype = Object.getOwnPropertyNames(Object.prototype).sort();

/**
 * Gives every test of the calling file a fixture of its own and a clean count, and checks
 * after each that no prototype was polluted. Call it once at the top of a fuzz file.
 */
export function setUpFuzzing(): void {
  beforeEach(async () => {
    sent = 0;
    tally.clear();
    fx = await createFixture();
    current = await fingerprint();
  });
  afterEach(({ task }) => {
    const routes = [...tally].map(
      ([route, n]) => `${route}: ${n.accepted} accepted, ${n.refused} refused`,
    );
    console.log(
      `[fuzz] ${task.name}: ${sent} generated requests${seed === undefined ? "" : ` (seed ${seed})`}${routes.length ? `\n  ${routes.join("\n  ")}` : ""}`,
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(originalPrototype);
    expect(({} as Json).polluted).toBeUndefined();
  });
}

/**
 * This test sent at least `runs` generated requests, and each route got both answers more than
 * ten times: a generator gone degenerate (all valid, or all junk) fails here.
 */
export function expectReached(runs: number, routes: string[]): void {
  expect(sent).toBeGreaterThanOrEqual(runs);
  for (const route of routes) {
    expect(tally.get(route)?.accepted, route).toBeGreaterThan(10);
    expect(tally.get(route)?.refused, route).toBeGreaterThan(10);
  }
}

/** Sends a generated JSON body; one with a `__proto__` key anywhere must be refused (or too big). */
export const json = (
  method: string,
  path: string,
  body: unknown,
  accepted: Exchange["accepted"],
) => {
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
export const pathSegment = (id: string) => {
  const encoded = encodeURIComponent(id.toWellFormed());
  return encoded === "" || encoded === "." || encoded === ".." ? "%20" : encoded;
};

/** The limit a list must honour, when the query asks for pages with a valid one. */
function pageSize(params: URLSearchParams): number | undefined {
  const limit = Object.fromEntries(params).limit;
  return limit === undefined ? undefined : Number(limit);
}

export const paged = (params: URLSearchParams, cursorName: string) => {
  const q = Object.fromEntries(params);
  return q.limit !== undefined || q[cursorName] !== undefined;
};

export function listExchange(
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
