// The chat API against its contract: the spec's response shapes, its testing checklist at API
// level, auto-naming, and how updatedAt orders a project's sessions.
import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { type ApiResponse, request, sessionCookie, signUp } from "../helpers/app";
import { sqlRows } from "../helpers/sql";

type User = Awaited<ReturnType<typeof signUp>>;
type Role = "user" | "assistant";

const SESSION_KEYS = [
  "archived",
  "createdAt",
  "id",
  "importedFrom",
  "instructions",
  "messages",
  "name",
  "pinned",
  "projectId",
  "summary",
  "summaryError",
  "summaryKeyPoints",
  "summaryMessageCount",
  "summaryStatus",
  "summaryThroughId",
  "summaryUpdatedAt",
  "tags",
  "templateId",
  "updatedAt",
];
const LIST_ITEM_KEYS = [...SESSION_KEYS.filter((k) => k !== "messages"), "messageCount"].sort();
// The spec's fields, `status`, where the message sits among its versions, and its author.
const MESSAGE_KEYS = [
  "authorId",
  "authorName",
  "chatSessionId",
  "content",
  "createdAt",
  "id",
  "parentId",
  "role",
  "siblingCount",
  "siblingIds",
  "siblingIndex",
  "status",
];
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UNKNOWN_ID = "doesnotexist000000000000";

/**
 * Resolves once the clock has moved past a stored time (to the millisecond the API shows), so
 * whatever is written next is stamped later: what an order or a "moved on" check needs.
 */
const clockPast = (iso: string) =>
  vi.waitFor(
    () => {
      if (Date.now() <= Date.parse(iso)) throw new Error(`the clock has not passed ${iso} yet`);
    },
    { timeout: 1_000, interval: 1 },
  );
const keysOf = (value: object) => Object.keys(value).sort();
const idsOf = (rows: { id: string }[]) => rows.map((row) => row.id);

async function newProject(user: User, name = "Project"): Promise<string> {
  const res = await user.post("/api/projects", { name });
  expect(res.status).toBe(201);
  return res.body.project.id;
}

async function newSession(user: User, projectId: string, name?: string) {
  const res = await user.post(
    "/api/chat-sessions",
    name === undefined ? { projectId } : { projectId, name },
  );
  expect(res.status).toBe(201);
  return res.body.chatSession;
}

async function say(user: User, chatSessionId: string, content: string, role: Role = "user") {
  const res = await user.post("/api/chat-messages", { chatSessionId, role, content });
  expect(res.status).toBe(201);
  return res.body.message;
}

async function sessionName(user: User, id: string): Promise<string> {
  const res = await user.get(`/api/chat-sessions/${id}`);
  expect(res.status).toBe(200);
  return res.body.chatSession.name;
}

async function listSessions(user: User, projectId: string) {
  const res = await user.get(`/api/chat-sessions?projectId=${projectId}`);
  expect(res.status).toBe(200);
  return res.body.chatSessions;
}

async function countRows(table: "chat_sessions" | "chat_messages", column: string, id: string) {
  const [row] = await sqlRows<{ count: number }>(
    sql`select count(*)::int as count from ${sql.identifier(table)} where ${sql.identifier(column)} = ${id}`,
  );
  return row?.count;
}

/** A timestamp the API returns: ISO-8601 in UTC, and close to now (the server's clock is ours). */
function expectTimestamp(value: unknown) {
  expect(value).toMatch(ISO_8601);
  const ms = Date.parse(value as string);
  expect(new Date(ms).toISOString()).toBe(value);
  expect(Math.abs(Date.now() - ms)).toBeLessThan(60_000);
}

function expectMessageShape(message: Record<string, unknown>) {
  expect(keysOf(message)).toEqual(MESSAGE_KEYS);
  expect(message.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  expect(message.status).toBe("complete");
  expectTimestamp(message.createdAt);
}

function expectNotFound(res: ApiResponse<any>) {
  expect(res.status).toBe(404);
  expect(keysOf(res.body)).toEqual(["error"]);
  expect(res.body.error.code).toBe("not_found");
  expect(typeof res.body.error.message).toBe("string");
}

describe("chat sessions: response shapes", () => {
  it("POST /api/chat-sessions answers 201 with a session named 'New Chat' and no messages", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const res = await alice.post("/api/chat-sessions", { projectId });

    expect(res.status).toBe(201);
    expect(keysOf(res.body)).toEqual(["chatSession"]);
    const session = res.body.chatSession;
    expect(keysOf(session)).toEqual(SESSION_KEYS);
    expect(session).toMatchObject({ name: "New Chat", projectId, messages: [] });
    expect(session.id).toMatch(/^[a-z0-9]{20,32}$/);
    expectTimestamp(session.createdAt);
    expectTimestamp(session.updatedAt);
    expect(session.updatedAt).toBe(session.createdAt);
    expect(await countRows("chat_sessions", "id", session.id)).toBe(1);
  });

  it("POST /api/chat-sessions keeps a given name, trimmed", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const res = await alice.post("/api/chat-sessions", { projectId, name: "  My Chat Session  " });
    expect(res.status).toBe(201);
    expect(res.body.chatSession).toMatchObject({ name: "My Chat Session", messages: [] });
  });

  it("GET /api/chat-sessions?projectId= lists each session with its messages, no nextCursor", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId);
    const hello = await say(alice, session.id, "Hello");
    const hi = await say(alice, session.id, "Hi! How can I help you?", "assistant");

    const res = await alice.get(`/api/chat-sessions?projectId=${projectId}`);
    expect(res.status).toBe(200);
    expect(keysOf(res.body)).toEqual(["chatSessions"]);
    expect(res.body.chatSessions).toHaveLength(1);
    const [listed] = res.body.chatSessions;
    expect(keysOf(listed)).toEqual(SESSION_KEYS);
    expect(listed).toMatchObject({ id: session.id, projectId, createdAt: session.createdAt });
    expectTimestamp(listed.updatedAt);
    expect(listed.messages).toEqual([hello, hi]);
    for (const message of listed.messages) expectMessageShape(message);
    expect(listed.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
  });

  it("GET /api/chat-sessions lists a new project's sessions as an empty array", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    expect((await alice.get(`/api/chat-sessions?projectId=${projectId}`)).body).toEqual({
      chatSessions: [],
    });
  });

  it("GET /api/chat-sessions/[id] answers { chatSession } with its messages in order", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId, "Buttons");
    const sent = [
      await say(alice, session.id, "How can I create a button?"),
      await say(alice, session.id, "Use <button>.", "assistant"),
      await say(alice, session.id, "Thanks"),
    ];

    const res = await alice.get(`/api/chat-sessions/${session.id}`);
    expect(res.status).toBe(200);
    // The spec's envelope, and what the caller may do with the session (sharing).
    expect(keysOf(res.body)).toEqual(["chatSession", "ownerName", "role"]);
    expect(res.body).toMatchObject({ role: "owner", ownerName: null });
    expect(keysOf(res.body.chatSession)).toEqual(SESSION_KEYS);
    expect(res.body.chatSession).toMatchObject({ id: session.id, name: "Buttons", projectId });
    expect(res.body.chatSession.messages).toEqual(sent);
  });

  it("PATCH /api/chat-sessions/[id] renames and answers { chatSession }, moving updatedAt on", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId);
    await clockPast(session.updatedAt);

    const res = await alice.patch(`/api/chat-sessions/${session.id}`, {
      name: "Updated Chat Name",
    });
    expect(res.status).toBe(200);
    expect(keysOf(res.body)).toEqual(["chatSession"]);
    const renamed = res.body.chatSession;
    // The spec elides the rest of the session ("..."); whether messages come along is open.
    expect(keysOf(renamed).filter((k) => k !== "messages")).toEqual(
      SESSION_KEYS.filter((k) => k !== "messages"),
    );
    expect(renamed).toMatchObject({
      id: session.id,
      name: "Updated Chat Name",
      projectId,
      createdAt: session.createdAt,
    });
    expectTimestamp(renamed.updatedAt);
    expect(Date.parse(renamed.updatedAt)).toBeGreaterThan(Date.parse(session.updatedAt));
    expect(await sessionName(alice, session.id)).toBe("Updated Chat Name");
  });

  it("PATCH changes only the name: id, projectId, timestamps and messages sent along are ignored", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice, "Home");
    const otherProjectId = await newProject(alice, "Elsewhere");
    const session = await newSession(alice, projectId);
    const message = await say(alice, session.id, "Keep me");
    await clockPast(message.createdAt);

    const res = await alice.patch(`/api/chat-sessions/${session.id}`, {
      name: "Renamed",
      id: "hijacked0000000000000000",
      projectId: otherProjectId,
      createdAt: "2000-01-01T00:00:00.000Z",
      updatedAt: "2000-01-01T00:00:00.000Z",
      messages: [{ role: "user", content: "injected" }],
      messageCount: 99,
    });
    expect(res.status).toBe(200);
    expect(res.body.chatSession).toMatchObject({
      id: session.id,
      name: "Renamed",
      projectId,
      createdAt: session.createdAt,
    });
    expect(res.body.chatSession.updatedAt).not.toBe("2000-01-01T00:00:00.000Z");
    expect(Date.parse(res.body.chatSession.updatedAt)).toBeGreaterThan(
      Date.parse(session.updatedAt),
    );

    const after = (await alice.get(`/api/chat-sessions/${session.id}`)).body.chatSession;
    expect(after).toMatchObject({ id: session.id, projectId, createdAt: session.createdAt });
    expect(after.messages).toEqual([message]);
    expect(await listSessions(alice, otherProjectId)).toEqual([]);
    expect((await alice.get(`/api/chat-sessions/hijacked0000000000000000`)).status).toBe(404);
    const summary = await alice.get(
      `/api/chat-sessions?projectId=${projectId}&includeMessages=false`,
    );
    expect(summary.body.chatSessions[0].messageCount).toBe(1);
  });

  it("DELETE /api/chat-sessions/[id] answers { success: true } and deletes its messages only", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const doomed = await newSession(alice, projectId);
    const kept = await newSession(alice, projectId);
    await say(alice, doomed.id, "one");
    await say(alice, doomed.id, "two", "assistant");
    const keptMessage = await say(alice, kept.id, "stay");
    expect(await countRows("chat_messages", "chat_session_id", doomed.id)).toBe(2);

    const res = await alice.delete(`/api/chat-sessions/${doomed.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });

    expect(await countRows("chat_sessions", "id", doomed.id)).toBe(0);
    expect(await countRows("chat_messages", "chat_session_id", doomed.id)).toBe(0);
    expectNotFound(await alice.get(`/api/chat-sessions/${doomed.id}`));
    expectNotFound(await alice.get(`/api/chat-messages?chatSessionId=${doomed.id}`));
    expectNotFound(await alice.delete(`/api/chat-sessions/${doomed.id}`));
    expect(idsOf(await listSessions(alice, projectId))).toEqual([kept.id]);
    expect((await alice.get(`/api/chat-sessions/${kept.id}`)).body.chatSession.messages).toEqual([
      keptMessage,
    ]);
  });

  it("GET includeMessages=false answers messageCount instead of messages, still without nextCursor", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const empty = await newSession(alice, projectId);
    await clockPast(empty.updatedAt);
    const busy = await newSession(alice, projectId);
    await say(alice, busy.id, "a");
    await say(alice, busy.id, "b", "assistant");
    await say(alice, busy.id, "c");

    const res = await alice.get(`/api/chat-sessions?projectId=${projectId}&includeMessages=false`);
    expect(res.status).toBe(200);
    expect(keysOf(res.body)).toEqual(["chatSessions"]);
    for (const session of res.body.chatSessions) {
      expect(keysOf(session)).toEqual(LIST_ITEM_KEYS);
    }
    expect(
      res.body.chatSessions.map((s: { id: string; messageCount: number }) => [
        s.id,
        s.messageCount,
      ]),
    ).toEqual([
      [busy.id, 3],
      [empty.id, 0],
    ]);
  });

  it("GET with limit pages sessions with nextCursor, null on the last page", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const created = [];
    for (const name of ["one", "two", "three"]) {
      const session = await newSession(alice, projectId, name);
      created.push(session);
      await clockPast(session.updatedAt);
    }
    const newestFirst = idsOf(created).reverse();

    const first = await alice.get(`/api/chat-sessions?projectId=${projectId}&limit=2`);
    expect(first.status).toBe(200);
    expect(keysOf(first.body)).toEqual(["chatSessions", "nextCursor"]);
    expect(idsOf(first.body.chatSessions)).toEqual(newestFirst.slice(0, 2));
    expect(keysOf(first.body.chatSessions[0])).toEqual(SESSION_KEYS);
    expect(typeof first.body.nextCursor).toBe("string");

    const second = await alice.get(
      `/api/chat-sessions?projectId=${projectId}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.status).toBe(200);
    expect(idsOf(second.body.chatSessions)).toEqual(newestFirst.slice(2));
    expect(second.body.nextCursor).toBeNull();

    const lean = await alice.get(
      `/api/chat-sessions?projectId=${projectId}&includeMessages=false&limit=3`,
    );
    expect(lean.body.nextCursor).toBeNull();
    expect(keysOf(lean.body.chatSessions[0])).toEqual(LIST_ITEM_KEYS);
  });
});

describe("chat messages: response shapes", () => {
  it("POST /api/chat-messages answers 201 { message } with the spec's fields plus status", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId);
    const res = await alice.post("/api/chat-messages", {
      chatSessionId: session.id,
      role: "user",
      content: "Hello, how can I create a button?",
    });

    expect(res.status).toBe(201);
    expect(keysOf(res.body)).toEqual(["message"]);
    expectMessageShape(res.body.message);
    expect(res.body.message).toMatchObject({
      chatSessionId: session.id,
      role: "user",
      content: "Hello, how can I create a button?",
    });
    const stored = await sqlRows<{ role: string; content: string; chat_session_id: string }>(
      sql`select role, content, chat_session_id from chat_messages where id = ${res.body.message.id}`,
    );
    expect(stored).toEqual([
      { role: "user", content: "Hello, how can I create a button?", chat_session_id: session.id },
    ]);
  });

  it("GET /api/chat-messages?chatSessionId= answers { messages } in creation order", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId);
    const sent = [];
    for (let i = 0; i < 6; i++) {
      sent.push(await say(alice, session.id, `message ${i}`, i % 2 ? "assistant" : "user"));
    }

    const res = await alice.get(`/api/chat-messages?chatSessionId=${session.id}`);
    expect(res.status).toBe(200);
    expect(keysOf(res.body)).toEqual(["messages"]);
    expect(res.body.messages).toEqual(sent);
    for (const message of res.body.messages) expectMessageShape(message);
    const times = res.body.messages.map((m: { createdAt: string }) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("GET with limit answers the newest messages oldest first, and prevCursor/before walks back", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId);
    const sent = [];
    for (let i = 1; i <= 5; i++) sent.push(await say(alice, session.id, `m${i}`));
    const base = `/api/chat-messages?chatSessionId=${session.id}`;

    const newest = await alice.get(`${base}&limit=2`);
    expect(newest.status).toBe(200);
    expect(keysOf(newest.body)).toEqual(["messages", "prevCursor"]);
    expect(newest.body.messages).toEqual(sent.slice(3, 5));
    expect(typeof newest.body.prevCursor).toBe("string");

    const middle = await alice.get(`${base}&limit=2&before=${newest.body.prevCursor}`);
    expect(middle.body.messages).toEqual(sent.slice(1, 3));
    const oldest = await alice.get(`${base}&limit=2&before=${middle.body.prevCursor}`);
    expect(oldest.body.messages).toEqual(sent.slice(0, 1));
    expect(oldest.body.prevCursor).toBeNull();

    const everything = await alice.get(`${base}&limit=5`);
    expect(everything.body).toEqual({ messages: sent, prevCursor: null });
    // `before` without `limit` pages too, with the default page size.
    const olderThanNewest = await alice.get(`${base}&before=${newest.body.prevCursor}`);
    expect(olderThanNewest.body).toEqual({ messages: sent.slice(0, 3), prevCursor: null });
  });

  it("a client-chosen id is idempotent: a retry answers 200 with the stored message, a different body 409", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId);
    const other = await newSession(alice, projectId);
    const body = { chatSessionId: session.id, role: "user", content: "once", id: "client-msg-1" };

    const first = await alice.post("/api/chat-messages", body);
    expect(first.status).toBe(201);
    expect(first.body.message).toMatchObject({ id: "client-msg-1", content: "once" });
    const afterFirst = (await alice.get(`/api/chat-sessions/${session.id}`)).body.chatSession;
    await clockPast(afterFirst.updatedAt);

    const retry = await alice.post("/api/chat-messages", body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);

    for (const clash of [
      { ...body, content: "twice" },
      { ...body, role: "assistant" },
      { ...body, chatSessionId: other.id },
    ]) {
      const res = await alice.post("/api/chat-messages", clash);
      expect(res.status).toBe(409);
      expect(keysOf(res.body)).toEqual(["error"]);
      expect(res.body.error.code).toBe("conflict");
    }

    expect(await countRows("chat_messages", "id", "client-msg-1")).toBe(1);
    expect(await countRows("chat_messages", "chat_session_id", other.id)).toBe(0);
    const summaries = await alice.get(
      `/api/chat-sessions?projectId=${projectId}&includeMessages=false`,
    );
    const byId = new Map(
      summaries.body.chatSessions.map((s: { id: string }) => [s.id, s] as const),
    );
    // Neither the retry nor the refused clashes counted as activity.
    expect(byId.get(session.id)).toMatchObject({
      messageCount: 1,
      updatedAt: afterFirst.updatedAt,
    });
    expect(byId.get(other.id)).toMatchObject({ messageCount: 0, updatedAt: other.updatedAt });
    expect(await sessionName(alice, session.id)).toBe("once");
    expect(await sessionName(alice, other.id)).toBe("New Chat");
  });
});

describe("updatedAt and ordering", () => {
  it("a new message moves its session's updatedAt on and the session to the top", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const older = await newSession(alice, projectId, "older");
    await clockPast(older.updatedAt);
    const newer = await newSession(alice, projectId, "newer");
    expect(idsOf(await listSessions(alice, projectId))).toEqual([newer.id, older.id]);
    await clockPast(newer.updatedAt);

    const message = await say(alice, older.id, "bump", "assistant");
    const session = (await alice.get(`/api/chat-sessions/${older.id}`)).body.chatSession;
    expect(Date.parse(session.updatedAt)).toBeGreaterThan(Date.parse(older.updatedAt));
    expect(Date.parse(session.updatedAt)).toBeGreaterThanOrEqual(Date.parse(message.createdAt));
    expect(session.createdAt).toBe(older.createdAt);
    expect(idsOf(await listSessions(alice, projectId))).toEqual([older.id, newer.id]);

    await clockPast(session.updatedAt);
    await alice.patch(`/api/chat-sessions/${newer.id}`, { name: "renamed" });
    expect(idsOf(await listSessions(alice, projectId))).toEqual([newer.id, older.id]);
  });

  it("sessions with the same updatedAt keep one order, broken by id", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await newSession(alice, projectId)).id);
    await sqlRows(
      sql`update chat_sessions set updated_at = '2030-01-01T00:00:00.000Z' where project_id = ${projectId}`,
    );

    const first = idsOf(await listSessions(alice, projectId));
    const second = idsOf(await listSessions(alice, projectId));
    expect(second).toEqual(first);
    expect([...first].sort()).toEqual([...ids].sort());
    const ascending = [...first].sort();
    expect([ascending, [...ascending].reverse()]).toContainEqual(first);
  });
});

describe("the spec's testing checklist, at API level", () => {
  it("saves sent messages to the database", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId);
    const question = await say(alice, session.id, "What is a div?");
    const answer = await say(alice, session.id, "A block container.", "assistant");
    const rows = await sqlRows<{ id: string; role: string; content: string }>(
      sql`select id, role, content from chat_messages where chat_session_id = ${session.id} order by created_at, seq`,
    );
    expect(rows).toEqual([
      { id: question.id, role: "user", content: "What is a div?" },
      { id: answer.id, role: "assistant", content: "A block container." },
    ]);
  });

  it("keeps several sessions in one project, and switching loads each one's own messages", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const css = await newSession(alice, projectId, "CSS");
    const js = await newSession(alice, projectId, "JS");
    const html = await newSession(alice, projectId, "HTML");
    const cssMessages = [
      await say(alice, css.id, "flexbox?"),
      await say(alice, css.id, "yes", "assistant"),
    ];
    const jsMessages = [await say(alice, js.id, "closures?")];

    const listed = await listSessions(alice, projectId);
    expect([...idsOf(listed)].sort()).toEqual([css.id, js.id, html.id].sort());
    const byId = new Map(listed.map((s: { id: string }) => [s.id, s] as const));
    expect((byId.get(css.id) as { messages: unknown }).messages).toEqual(cssMessages);
    expect((byId.get(js.id) as { messages: unknown }).messages).toEqual(jsMessages);
    expect((byId.get(html.id) as { messages: unknown }).messages).toEqual([]);

    // Switching back and forth: each read answers that session's messages and nothing else.
    for (const [id, messages] of [
      [css.id, cssMessages],
      [js.id, jsMessages],
      [html.id, []],
      [css.id, cssMessages],
    ] as const) {
      expect((await alice.get(`/api/chat-sessions/${id}`)).body.chatSession.messages).toEqual(
        messages,
      );
      expect((await alice.get(`/api/chat-messages?chatSessionId=${id}`)).body.messages).toEqual(
        messages,
      );
    }
  });

  it("keeps the sessions across a new sign-in (a page refresh, another tab)", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId, "Persisted");
    await say(alice, session.id, "remember me");
    const before = await listSessions(alice, projectId);

    const again = await request("POST", "/api/auth/sign-in/email", undefined, {
      body: { email: alice.email, password: alice.password },
      headers: { "x-forwarded-for": "10.200.0.1" },
    });
    expect(again.status).toBe(200);
    const cookie = sessionCookie(again.headers);
    expect(cookie).not.toBe(alice.cookie);
    const res = await request("GET", `/api/chat-sessions?projectId=${projectId}`, cookie);
    expect(res.status).toBe(200);
    expect(res.body.chatSessions).toEqual(before);
  });

  it("deleting a project deletes its sessions and their messages", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice, "Doomed");
    const keptProjectId = await newProject(alice, "Kept");
    const sessions = [await newSession(alice, projectId), await newSession(alice, projectId)];
    for (const session of sessions) {
      await say(alice, session.id, "hi");
      await say(alice, session.id, "hello", "assistant");
    }
    const kept = await newSession(alice, keptProjectId);
    await say(alice, kept.id, "survive");

    expect((await alice.delete(`/api/projects/${projectId}`)).body).toEqual({ success: true });

    expect(await countRows("chat_sessions", "project_id", projectId)).toBe(0);
    for (const session of sessions) {
      expect(await countRows("chat_messages", "chat_session_id", session.id)).toBe(0);
      expectNotFound(await alice.get(`/api/chat-sessions/${session.id}`));
      expectNotFound(await alice.get(`/api/chat-messages?chatSessionId=${session.id}`));
    }
    expectNotFound(await alice.get(`/api/chat-sessions?projectId=${projectId}`));
    expect(await countRows("chat_messages", "chat_session_id", kept.id)).toBe(1);
    expect(idsOf(await listSessions(alice, keptProjectId))).toEqual([kept.id]);
  });

  it("keeps users apart: each sees only their own sessions and messages", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const aliceProject = await newProject(alice);
    const bobProject = await newProject(bob);
    const aliceSession = await newSession(alice, aliceProject, "Alice's");
    const bobSession = await newSession(bob, bobProject, "Bob's");
    await say(alice, aliceSession.id, "alice secret");
    await say(bob, bobSession.id, "bob secret");

    const aliceView = await listSessions(alice, aliceProject);
    const bobView = await listSessions(bob, bobProject);
    expect(idsOf(aliceView)).toEqual([aliceSession.id]);
    expect(idsOf(bobView)).toEqual([bobSession.id]);
    expect(JSON.stringify(aliceView)).not.toContain("bob secret");
    expect(JSON.stringify(bobView)).not.toContain("alice secret");
    expectNotFound(await bob.get(`/api/chat-sessions/${aliceSession.id}`));
    expectNotFound(await bob.get(`/api/chat-messages?chatSessionId=${aliceSession.id}`));
    expectNotFound(await bob.get(`/api/chat-sessions?projectId=${aliceProject}`));
  });

  it("answers unknown or impossible session ids with 404 and the error envelope", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const unknown = await alice.get(`/api/chat-sessions/${UNKNOWN_ID}`);
    expectNotFound(unknown);
    for (const id of [
      "not%20an%20id",
      "%27%3B%20drop%20table%20chat_sessions%3B--",
      "a".repeat(65),
    ]) {
      const res = await alice.get(`/api/chat-sessions/${id}`);
      expectNotFound(res);
      expect(res.body).toEqual(unknown.body);
    }
    expectNotFound(await alice.patch(`/api/chat-sessions/${UNKNOWN_ID}`, { name: "x" }));
    expectNotFound(await alice.delete(`/api/chat-sessions/${UNKNOWN_ID}`));
    expectNotFound(await alice.get(`/api/chat-messages?chatSessionId=${UNKNOWN_ID}`));
    expectNotFound(
      await alice.post("/api/chat-messages", {
        chatSessionId: UNKNOWN_ID,
        role: "user",
        content: "x",
      }),
    );
    expectNotFound(await alice.get(`/api/chat-sessions?projectId=${UNKNOWN_ID}`));
    expectNotFound(await alice.post("/api/chat-sessions", { projectId: UNKNOWN_ID }));
    expect(await listSessions(alice, projectId)).toEqual([]);
  });
});

describe("auto-naming from the first user message", () => {
  async function freshSession(name?: string) {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId, name);
    return { alice, id: session.id as string };
  }

  async function nameAfterFirstMessage(content: string) {
    const { alice, id } = await freshSession();
    await say(alice, id, content);
    return sessionName(alice, id);
  }

  it("names a default session after a short first message, as written", async () => {
    expect(await nameAfterFirstMessage("Hello there, how are you?")).toBe(
      "Hello there, how are you?",
    );
    expect(await nameAfterFirstMessage("שלום עולם")).toBe("שלום עולם");
  });

  it("takes the first line only, with whitespace collapsed and trimmed", async () => {
    expect(await nameAfterFirstMessage("  Fix   the\tlogin    button  \nand also the footer")).toBe(
      "Fix the login button",
    );
    expect(await nameAfterFirstMessage("Line one\r\nLine two")).toBe("Line one");
    expect(await nameAfterFirstMessage("\n\n   \nSecond try\nmore")).toBe("Second try");
  });

  it("keeps a 50-grapheme line whole and cuts a longer one to 49 graphemes plus '…'", async () => {
    const fifty = "Summarise the changes in this pull request, please";
    expect(await nameAfterFirstMessage(fifty)).toBe(fifty);
    expect(await nameAfterFirstMessage(`${fifty}!`)).toBe(
      "Summarise the changes in this pull request, pleas…",
    );
    expect(
      await nameAfterFirstMessage(
        "Refactor the authentication middleware so that it handles expired tokens",
      ),
    ).toBe("Refactor the authentication middleware so that it…");
    // The 49th character is a space: the cut does not leave it before the ellipsis.
    expect(
      await nameAfterFirstMessage(
        "Please help me build a responsive navigation bar with a dropdown menu and a search box",
      ),
    ).toBe("Please help me build a responsive navigation bar…");
  });

  it("counts graphemes, never splitting an emoji, a ZWJ sequence or a combining mark", async () => {
    const family = "👨‍👩‍👧‍👦";
    const thumbs = "👍🏽";
    const accented = "e\u0301";
    expect(await nameAfterFirstMessage(family.repeat(60))).toBe(`${family.repeat(49)}…`);
    expect(await nameAfterFirstMessage(thumbs.repeat(50))).toBe(thumbs.repeat(50));
    expect(await nameAfterFirstMessage(thumbs.repeat(51))).toBe(`${thumbs.repeat(49)}…`);
    expect(await nameAfterFirstMessage(accented.repeat(70))).toBe(`${accented.repeat(49)}…`);
  });

  it("is not named by an assistant message; the first user message after it names it", async () => {
    const { alice, id } = await freshSession();
    await say(alice, id, "Welcome! Ask me anything.", "assistant");
    expect(await sessionName(alice, id)).toBe("New Chat");
    await say(alice, id, "Make the header sticky");
    expect(await sessionName(alice, id)).toBe("Make the header sticky");
  });

  it("is named once: later user messages leave the name alone", async () => {
    const { alice, id } = await freshSession();
    await say(alice, id, "First question");
    await say(alice, id, "Answer", "assistant");
    await say(alice, id, "Second question");
    expect(await sessionName(alice, id)).toBe("First question");
  });

  it("stays 'New Chat' after a blank user message, and the next one with text names it", async () => {
    const { alice, id } = await freshSession();
    await say(alice, id, "   \n\t ");
    expect(await sessionName(alice, id)).toBe("New Chat");
    await say(alice, id, "Now with words");
    expect(await sessionName(alice, id)).toBe("Now with words");
  });

  it("never overwrites a user's rename, even a rename back to 'New Chat'", async () => {
    const renamed = await freshSession();
    await renamed.alice.patch(`/api/chat-sessions/${renamed.id}`, { name: "Mine" });
    await say(renamed.alice, renamed.id, "Would rename a default session");
    expect(await sessionName(renamed.alice, renamed.id)).toBe("Mine");

    const renamedBack = await freshSession();
    await renamedBack.alice.patch(`/api/chat-sessions/${renamedBack.id}`, { name: "New Chat" });
    await say(renamedBack.alice, renamedBack.id, "Would rename a default session");
    expect(await sessionName(renamedBack.alice, renamedBack.id)).toBe("New Chat");

    // A rename after auto-naming is the user's too: the next session name stays theirs.
    const later = await freshSession();
    await say(later.alice, later.id, "Auto name");
    await later.alice.patch(`/api/chat-sessions/${later.id}`, { name: "New Chat" });
    await say(later.alice, later.id, "Another message");
    expect(await sessionName(later.alice, later.id)).toBe("New Chat");
  });

  it("never renames a session created with an explicit name, even 'New Chat'", async () => {
    for (const name of ["Design review", "New Chat"]) {
      const { alice, id } = await freshSession(name);
      await say(alice, id, "Would rename a default session");
      expect(await sessionName(alice, id)).toBe(name);
    }
  });

  it("is visible in the session list too", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const session = await newSession(alice, projectId);
    await say(alice, session.id, "Listed name");
    const [listed] = await listSessions(alice, projectId);
    expect(listed).toMatchObject({ id: session.id, name: "Listed name" });
  });
});
