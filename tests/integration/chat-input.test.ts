// Bad input to the chat API, table by table: every refusal is a 4xx in the error envelope that
// names what is wrong, never a database error, and stores nothing. Then the good edge cases:
// limits hit exactly, and text that must come back byte for byte.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, request, signUp } from "../helpers/app";
import { sqlRows } from "../helpers/sql";

type User = Awaited<ReturnType<typeof signUp>>;

interface Fixture {
  projectId: string;
  sessionId: string;
}

interface BadInput {
  name: string;
  send: (fx: Fixture) => Promise<ApiResponse<any>>;
  status: number;
  code: string;
  /** Paths the error's details must name (ZodError-style 400s). */
  paths?: string[];
}

const MAX_BODY_BYTES = 1024 * 1024;
// CHAT_MAX_CONTENT_CHARS is not set by the test setup: its default applies.
const MAX_CONTENT_CHARS = 200_000;

let alice: User;
let fx: Fixture;

beforeAll(async () => {
  alice = await signUp();
  const projectId = (await alice.post("/api/projects", { name: "Inputs" })).body.project.id;
  const sessionId = (await alice.post("/api/chat-sessions", { projectId, name: "Fixture" })).body
    .chatSession.id;
  await alice.post("/api/chat-messages", { chatSessionId: sessionId, role: "user", content: "hi" });
  fx = { projectId, sessionId };
});

const json = (method: string, path: string, body: unknown) =>
  request(method, path, alice.cookie, { body });

/** A body sent exactly as given, with the given content type (none when null). */
const raw = (
  method: string,
  path: string,
  rawBody: string | Uint8Array,
  contentType: string | null = "application/json",
) =>
  request(method, path, alice.cookie, {
    rawBody,
    headers: contentType === null ? {} : { "content-type": contentType },
  });

const get = (path: string) => request("GET", path, alice.cookie);

/** base64url JSON, the way the API encodes its cursors. */
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const b64url = (text: string) => Buffer.from(text).toString("base64url");

/** JSON text of a message body whose content is spliced in raw (for escapes like \ud800). */
const rawMessage = (sessionId: string, rawContent: string) =>
  `{"chatSessionId":"${sessionId}","role":"user","content":"${rawContent}"}`;

/** A valid message body padded with JSON whitespace to exactly `bytes` bytes. */
function paddedMessage(sessionId: string, bytes: number): string {
  const base = JSON.stringify({ chatSessionId: sessionId, role: "user", content: "padded" });
  const text = `${base.slice(0, -1)}${" ".repeat(bytes - Buffer.byteLength(base))}}`;
  expect(Buffer.byteLength(text)).toBe(bytes);
  return text;
}

/** Every chat row, every column: equal snapshots mean nothing was written. */
async function snapshot() {
  return {
    sessions: await sqlRows(sql`select * from chat_sessions order by id`),
    messages: await sqlRows(sql`select * from chat_messages order by id`),
  };
}

function expectError(res: ApiResponse<any>, status: number, code: string, paths?: string[]) {
  expect(res.status).toBe(status);
  expect(Object.keys(res.body)).toEqual(["error"]);
  const { error } = res.body;
  expect(["code", "details", "message"]).toEqual(expect.arrayContaining(Object.keys(error)));
  expect(error.code).toBe(code);
  expect(error.message).toEqual(expect.any(String));
  expect(error.message.length).toBeGreaterThan(0);
  if (error.details !== undefined) {
    expect(Array.isArray(error.details)).toBe(true);
    for (const detail of error.details) {
      expect(detail).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
  }
  if (paths) {
    const named = (error.details ?? []).map((d: { path: string }) => d.path);
    expect(named).toEqual(expect.arrayContaining(paths));
  }
}

const badRequest = (name: string, send: BadInput["send"], paths?: string[]): BadInput => ({
  name,
  send,
  status: 400,
  code: "bad_request",
  paths,
});

// ---------------------------------------------------------------------------------------------

const createSession = (body: unknown) => json("POST", "/api/chat-sessions", body);

const CREATE_SESSION: BadInput[] = [
  badRequest("malformed JSON", () => raw("POST", "/api/chat-sessions", '{"projectId": ')),
  badRequest("an empty body", () => raw("POST", "/api/chat-sessions", "")),
  badRequest("invalid UTF-8", () =>
    raw("POST", "/api/chat-sessions", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
  ),
  badRequest("JSON null", () => raw("POST", "/api/chat-sessions", "null")),
  badRequest("a JSON array", () => raw("POST", "/api/chat-sessions", "[]")),
  badRequest("a JSON string", () => raw("POST", "/api/chat-sessions", '"projectId"')),
  badRequest("a missing projectId", () => createSession({}), ["projectId"]),
  badRequest("a numeric projectId", () => createSession({ projectId: 42 }), ["projectId"]),
  badRequest("a projectId that is no id", () => createSession({ projectId: "' or '1'='1" }), [
    "projectId",
  ]),
  badRequest("a numeric name", ({ projectId }) => createSession({ projectId, name: 42 }), ["name"]),
  badRequest("a null name", ({ projectId }) => createSession({ projectId, name: null }), ["name"]),
  badRequest("an empty name", ({ projectId }) => createSession({ projectId, name: "" }), ["name"]),
  badRequest(
    "a whitespace-only name",
    ({ projectId }) => createSession({ projectId, name: " \t\n  " }),
    ["name"],
  ),
  badRequest(
    "a 201-character name",
    ({ projectId }) => createSession({ projectId, name: "n".repeat(201) }),
    ["name"],
  ),
  badRequest(
    "a 10,001-character name",
    ({ projectId }) => createSession({ projectId, name: "n".repeat(10_001) }),
    ["name"],
  ),
  badRequest(
    "a name with a NUL byte",
    ({ projectId }) => createSession({ projectId, name: "a\u0000b" }),
    ["name"],
  ),
  badRequest(
    "a name with a lone surrogate",
    ({ projectId }) =>
      raw("POST", "/api/chat-sessions", `{"projectId":"${projectId}","name":"a\\ud800b"}`),
    ["name"],
  ),
  {
    name: "a text/plain body",
    send: ({ projectId }) =>
      raw("POST", "/api/chat-sessions", JSON.stringify({ projectId }), "text/plain"),
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "a body without a content type",
    send: ({ projectId }) => raw("POST", "/api/chat-sessions", JSON.stringify({ projectId }), null),
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "a form-encoded body",
    send: ({ projectId }) =>
      raw(
        "POST",
        "/api/chat-sessions",
        `projectId=${projectId}`,
        "application/x-www-form-urlencoded",
      ),
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "a body over 1 MiB",
    send: ({ projectId }) =>
      createSession({ projectId, name: "big", padding: "x".repeat(MAX_BODY_BYTES) }),
    status: 413,
    code: "payload_too_large",
  },
];

const renameSession = (fx: Fixture, body: unknown) =>
  json("PATCH", `/api/chat-sessions/${fx.sessionId}`, body);

const RENAME_SESSION: BadInput[] = [
  badRequest("malformed JSON", (fx) => raw("PATCH", `/api/chat-sessions/${fx.sessionId}`, "{name")),
  badRequest("no field to change", (fx) => renameSession(fx, {}), [""]),
  badRequest("a numeric name", (fx) => renameSession(fx, { name: 7 }), ["name"]),
  badRequest("a null name", (fx) => renameSession(fx, { name: null }), ["name"]),
  badRequest("an empty name", (fx) => renameSession(fx, { name: "" }), ["name"]),
  badRequest("a whitespace-only name", (fx) => renameSession(fx, { name: "   " }), ["name"]),
  badRequest("a 201-character name", (fx) => renameSession(fx, { name: "n".repeat(201) }), [
    "name",
  ]),
  badRequest("a name with a NUL byte", (fx) => renameSession(fx, { name: "\u0000" }), ["name"]),
  badRequest(
    "a name with a lone surrogate",
    (fx) => raw("PATCH", `/api/chat-sessions/${fx.sessionId}`, '{"name":"\\udc00 tail"}'),
    ["name"],
  ),
  {
    name: "a text/plain body",
    send: (fx) =>
      raw("PATCH", `/api/chat-sessions/${fx.sessionId}`, '{"name":"Plain"}', "text/plain"),
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "a body over 1 MiB",
    send: (fx) => renameSession(fx, { name: "Big", padding: "x".repeat(MAX_BODY_BYTES) }),
    status: 413,
    code: "payload_too_large",
  },
];

const postMessage = (fx: Fixture, fields: Record<string, unknown>) =>
  json("POST", "/api/chat-messages", {
    chatSessionId: fx.sessionId,
    role: "user",
    content: "valid",
    ...fields,
  });

const POST_MESSAGE: BadInput[] = [
  badRequest("malformed JSON", () => raw("POST", "/api/chat-messages", '{"role":"user",}')),
  badRequest("an empty body", () => raw("POST", "/api/chat-messages", "")),
  badRequest("an empty object", () => json("POST", "/api/chat-messages", {}), [
    "chatSessionId",
    "role",
    "content",
  ]),
  badRequest("a missing role", (fx) => postMessage(fx, { role: undefined }), ["role"]),
  badRequest("the role 'system'", (fx) => postMessage(fx, { role: "system" }), ["role"]),
  badRequest("the role 'USER'", (fx) => postMessage(fx, { role: "USER" }), ["role"]),
  badRequest("a numeric role", (fx) => postMessage(fx, { role: 1 }), ["role"]),
  badRequest("a numeric chatSessionId", (fx) => postMessage(fx, { chatSessionId: 5 }), [
    "chatSessionId",
  ]),
  badRequest("a missing content", (fx) => postMessage(fx, { content: undefined }), ["content"]),
  badRequest("a numeric content", (fx) => postMessage(fx, { content: 42 }), ["content"]),
  badRequest("a null content", (fx) => postMessage(fx, { content: null }), ["content"]),
  badRequest("an array content", (fx) => postMessage(fx, { content: ["a"] }), ["content"]),
  badRequest("an empty content", (fx) => postMessage(fx, { content: "" }), ["content"]),
  badRequest("a NUL byte in content", (fx) => postMessage(fx, { content: "before\u0000after" }), [
    "content",
  ]),
  badRequest(
    "a lone high surrogate in content",
    (fx) => raw("POST", "/api/chat-messages", rawMessage(fx.sessionId, "x\\ud800y")),
    ["content"],
  ),
  badRequest(
    "a lone low surrogate in content",
    (fx) => raw("POST", "/api/chat-messages", rawMessage(fx.sessionId, "\\udc00")),
    ["content"],
  ),
  badRequest(
    "a surrogate pair in the wrong order",
    (fx) => raw("POST", "/api/chat-messages", rawMessage(fx.sessionId, "\\udc00\\ud800")),
    ["content"],
  ),
  badRequest(
    `content of ${MAX_CONTENT_CHARS + 1} characters`,
    (fx) => postMessage(fx, { content: "c".repeat(MAX_CONTENT_CHARS + 1) }),
    ["content"],
  ),
  badRequest("an id with a space", (fx) => postMessage(fx, { id: "has space" }), ["id"]),
  badRequest("an empty id", (fx) => postMessage(fx, { id: "" }), ["id"]),
  badRequest("a 65-character id", (fx) => postMessage(fx, { id: "i".repeat(65) }), ["id"]),
  badRequest("a numeric id", (fx) => postMessage(fx, { id: 12 }), ["id"]),
  {
    name: "a text/plain body",
    send: (fx) =>
      raw(
        "POST",
        "/api/chat-messages",
        JSON.stringify({ chatSessionId: fx.sessionId, role: "user", content: "x" }),
        "text/plain",
      ),
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "a body over 1 MiB",
    send: (fx) => postMessage(fx, { content: "c".repeat(MAX_BODY_BYTES) }),
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "a body of 1 MiB plus one byte of whitespace",
    send: (fx) =>
      raw("POST", "/api/chat-messages", paddedMessage(fx.sessionId, MAX_BODY_BYTES + 1)),
    status: 413,
    code: "payload_too_large",
  },
];

const listSessions = (fx: Fixture, query: string) =>
  get(`/api/chat-sessions?projectId=${fx.projectId}${query}`);
const listMessages = (fx: Fixture, query: string) =>
  get(`/api/chat-messages?chatSessionId=${fx.sessionId}${query}`);

const BAD_LIMITS = ["0", "201", "abc", "1.5", "-1", "", "Infinity"];

const SESSION_CURSOR_SHAPE = { updatedAt: "2025-10-09T12:00:00.000Z", id: "cm3abc123" };

const GARBAGE_CURSORS: [string, string][] = [
  ["a word", "garbage"],
  ["punctuation", "!!!!"],
  ["base64url of text", b64url("not json")],
  ["base64url of {}", cursorOf({})],
  ["base64url of []", cursorOf([])],
  ["base64url of null", cursorOf(null)],
  ["513 characters", "a".repeat(513)],
];

const SESSION_CURSORS: [string, string][] = [
  ...GARBAGE_CURSORS,
  ["a message cursor", cursorOf({ seq: 3 })],
  ["an updatedAt that is no date", cursorOf({ ...SESSION_CURSOR_SHAPE, updatedAt: "yesterday" })],
  ["a numeric id", cursorOf({ ...SESSION_CURSOR_SHAPE, id: 5 })],
  ["no id", cursorOf({ updatedAt: SESSION_CURSOR_SHAPE.updatedAt })],
  ["the year 0", cursorOf({ ...SESSION_CURSOR_SHAPE, updatedAt: "0000-01-01T00:00:00.000Z" })],
  ["the last date JavaScript knows", cursorOf({ ...SESSION_CURSOR_SHAPE, updatedAt: 8.64e15 })],
  ["the first date JavaScript knows", cursorOf({ ...SESSION_CURSOR_SHAPE, updatedAt: -8.64e15 })],
  ["an id with a NUL byte", cursorOf({ ...SESSION_CURSOR_SHAPE, id: "a\u0000b" })],
];

const MESSAGE_CURSORS: [string, string][] = [
  ...GARBAGE_CURSORS,
  ["a session cursor", cursorOf(SESSION_CURSOR_SHAPE)],
  ["seq 0", cursorOf({ seq: 0 })],
  ["a negative seq", cursorOf({ seq: -1 })],
  ["a fractional seq", cursorOf({ seq: 1.5 })],
  ["a string seq", cursorOf({ seq: "1" })],
  ["seq 1e100", cursorOf({ seq: 1e100 })],
  ["seq 2^31 (past a PostgreSQL integer)", cursorOf({ seq: 2 ** 31 })],
  ["seq Number.MAX_SAFE_INTEGER", cursorOf({ seq: Number.MAX_SAFE_INTEGER })],
];

const LIST_SESSIONS: BadInput[] = [
  badRequest("no projectId", () => get("/api/chat-sessions"), ["projectId"]),
  badRequest("a projectId that is no id", () => get("/api/chat-sessions?projectId=a%20b"), [
    "projectId",
  ]),
  badRequest(
    "a SQL-looking projectId",
    () => get(`/api/chat-sessions?projectId=${encodeURIComponent("' or 1=1 --")}`),
    ["projectId"],
  ),
  badRequest("includeMessages=yes", (fx) => listSessions(fx, "&includeMessages=yes"), [
    "includeMessages",
  ]),
  ...BAD_LIMITS.map((limit) =>
    badRequest(`limit=${limit}`, (fx) => listSessions(fx, `&limit=${limit}`), ["limit"]),
  ),
  ...SESSION_CURSORS.map(([label, cursor]) =>
    badRequest(
      `a cursor that is ${label}`,
      (fx) => listSessions(fx, `&limit=5&cursor=${encodeURIComponent(cursor)}`),
      ["cursor"],
    ),
  ),
];

const LIST_MESSAGES: BadInput[] = [
  badRequest("no chatSessionId", () => get("/api/chat-messages"), ["chatSessionId"]),
  badRequest("a chatSessionId that is no id", () => get("/api/chat-messages?chatSessionId=a.b"), [
    "chatSessionId",
  ]),
  ...BAD_LIMITS.map((limit) =>
    badRequest(`limit=${limit}`, (fx) => listMessages(fx, `&limit=${limit}`), ["limit"]),
  ),
  ...MESSAGE_CURSORS.map(([label, cursor]) =>
    badRequest(
      `a before cursor that is ${label}`,
      (fx) => listMessages(fx, `&limit=5&before=${encodeURIComponent(cursor)}`),
      ["before"],
    ),
  ),
];

const TABLES: [string, BadInput[]][] = [
  ["POST /api/chat-sessions refuses", CREATE_SESSION],
  ["PATCH /api/chat-sessions/[id] refuses", RENAME_SESSION],
  ["POST /api/chat-messages refuses", POST_MESSAGE],
  ["GET /api/chat-sessions refuses", LIST_SESSIONS],
  ["GET /api/chat-messages refuses", LIST_MESSAGES],
];

for (const [title, cases] of TABLES) {
  describe(title, () => {
    for (const { name, send, status, code, paths } of cases) {
      it(`${name} with ${status}`, async () => {
        const before = await snapshot();
        const res = await send(fx);
        expectError(res, status, code, paths);
        expect(await snapshot()).toEqual(before);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------

describe("accepted at the limits", () => {
  it(`stores content of exactly ${MAX_CONTENT_CHARS} characters`, async () => {
    const content = "c".repeat(MAX_CONTENT_CHARS);
    const res = await postMessage(fx, { role: "assistant", content });
    expect(res.status).toBe(201);
    expect(res.body.message.content).toBe(content);
    const [row] = await sqlRows<{ length: number }>(
      sql`select char_length(content)::int as length from chat_messages where id = ${res.body.message.id}`,
    );
    expect(row?.length).toBe(MAX_CONTENT_CHARS);
  });

  it("accepts a one-character content and a body of exactly 1 MiB", async () => {
    expect((await postMessage(fx, { role: "assistant", content: "." })).status).toBe(201);
    const res = await raw(
      "POST",
      "/api/chat-messages",
      paddedMessage(fx.sessionId, MAX_BODY_BYTES),
    );
    expect(res.status).toBe(201);
    expect(res.body.message.content).toBe("padded");
  });

  it("accepts application/json with a charset parameter", async () => {
    const res = await raw(
      "POST",
      "/api/chat-messages",
      JSON.stringify({ chatSessionId: fx.sessionId, role: "assistant", content: "charset" }),
      "application/json; charset=utf-8",
    );
    expect(res.status).toBe(201);
  });

  it("takes names of 1 and 200 characters, trimmed before counting", async () => {
    const twoHundred = "n".repeat(200);
    const created = await createSession({ projectId: fx.projectId, name: `  ${twoHundred}  ` });
    expect(created.status).toBe(201);
    expect(created.body.chatSession.name).toBe(twoHundred);
    const renamed = await json("PATCH", `/api/chat-sessions/${created.body.chatSession.id}`, {
      name: "\t1\n",
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.chatSession.name).toBe("1");
  });

  it("takes limit=1 and limit=200", async () => {
    for (const limit of [1, 200]) {
      const sessions = await listSessions(fx, `&limit=${limit}`);
      const messages = await listMessages(fx, `&limit=${limit}`);
      expect(sessions.status).toBe(200);
      expect(messages.status).toBe(200);
      expect(sessions.body.chatSessions.length).toBeLessThanOrEqual(limit);
      expect(messages.body.messages.length).toBeLessThanOrEqual(limit);
    }
  });
});

// ---------------------------------------------------------------------------------------------

const TRICKY_TEXT: [string, string][] = [
  ["emoji with ZWJ sequences and modifiers", "👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🧑🏿‍💻 ❤️‍🔥"],
  ["right-to-left text", "مرحبا بالعالم — שלום עולם"],
  ["bidirectional controls", "abc\u202Edef\u202C ghi\u200F"],
  ["combining marks", "e\u0301 n\u0303 a\u030A Z\u0351\u0352\u0353\u0354"],
  ["a precomposed é", "caf\u00e9"],
  ["a decomposed é", "cafe\u0301"],
  ["astral-plane letters", "𝕳𝖊𝖑𝖑𝖔 𝄞 𠜎"],
  ["a SQL injection attempt", "'; drop table chat_messages; --"],
  ["SQL and escape characters", "Robert'); DROP TABLE chat_sessions;-- \" \\ $1 $$ %s %_ \\x00"],
  ["control characters", "tab\t cr\r lf\n \u0001\u001f\u007f"],
  ["zero-width characters and an inner BOM", "zero\u200Bwidth\u2060joiner\uFEFFinside"],
  ["JSON and HTML lookalikes", '{"role":"assistant"} <script>alert(1)</script>&amp;'],
];

describe("text round-trips byte for byte", () => {
  it.each(TRICKY_TEXT)("as message content: %s", async (_label, content) => {
    const res = await postMessage(fx, { role: "assistant", content });
    expect(res.status).toBe(201);
    expect(res.body.message.content).toBe(content);

    const listed = (await listMessages(fx, "")).body.messages;
    expect(listed.find((m: { id: string }) => m.id === res.body.message.id)?.content).toBe(content);
    const [row] = await sqlRows<{ content: string; bytes: number }>(
      sql`select content, octet_length(content)::int as bytes from chat_messages where id = ${res.body.message.id}`,
    );
    expect(row?.content).toBe(content);
    expect(row?.bytes).toBe(Buffer.byteLength(content, "utf8"));
  });

  it.each(TRICKY_TEXT.map(([label, text]) => [label, text.trim()]))(
    "as a session name, created and renamed: %s",
    async (_label, name) => {
      const created = await createSession({ projectId: fx.projectId, name });
      expect(created.status).toBe(201);
      expect(created.body.chatSession.name).toBe(name);
      const id = created.body.chatSession.id;

      const renamed = await json("PATCH", `/api/chat-sessions/${id}`, { name: `${name} (2)` });
      expect(renamed.status).toBe(200);
      expect((await get(`/api/chat-sessions/${id}`)).body.chatSession.name).toBe(`${name} (2)`);
      const [row] = await sqlRows<{ name: string; bytes: number }>(
        sql`select name, octet_length(name)::int as bytes from chat_sessions where id = ${id}`,
      );
      expect(row?.name).toBe(`${name} (2)`);
      expect(row?.bytes).toBe(Buffer.byteLength(`${name} (2)`, "utf8"));
    },
  );

  // The embedded driver cannot read a leading U+FEFF back, so the API drops it on both databases.
  it("drops a leading byte-order mark from message content, and only that", async () => {
    const res = await postMessage(fx, {
      role: "assistant",
      content: "\uFEFFstarts with a BOM\uFEFF",
    });
    expect(res.status).toBe(201);
    expect(res.body.message.content).toBe("starts with a BOM\uFEFF");
    const [row] = await sqlRows<{ content: string }>(
      sql`select content from chat_messages where id = ${res.body.message.id}`,
    );
    expect(row?.content).toBe("starts with a BOM\uFEFF");
    expect((await postMessage(fx, { role: "user", content: "\uFEFF" })).status).toBe(400);
  });

  it("drops every leading byte-order mark, not just the first (the next would be lost)", async () => {
    const res = await postMessage(fx, { role: "user", content: "\uFEFF\uFEFFtwo marks" });
    expect(res.status).toBe(201);
    expect(res.body.message.content).toBe("two marks");
    const [row] = await sqlRows<{ content: string }>(
      sql`select content from chat_messages where id = ${res.body.message.id}`,
    );
    expect(row?.content).toBe("two marks");
    expect((await postMessage(fx, { role: "user", content: "\uFEFF\uFEFF" })).status).toBe(400);
  });

  it("keeps precomposed and decomposed text apart (no normalisation)", async () => {
    const rows = await sqlRows<{ content: string }>(
      sql`select content from chat_messages where content in (${"caf\u00e9"}, ${"cafe\u0301"})`,
    );
    expect(rows.map((r) => r.content).sort()).toEqual(["caf\u00e9", "cafe\u0301"].sort());
  });

  it("leaves the tables standing after the SQL-looking strings", async () => {
    const [counts] = await sqlRows<{ sessions: number; messages: number }>(
      sql`select (select count(*)::int from chat_sessions) as sessions, (select count(*)::int from chat_messages) as messages`,
    );
    expect(counts?.sessions).toBeGreaterThan(1);
    expect(counts?.messages).toBeGreaterThan(TRICKY_TEXT.length);
  });
});
