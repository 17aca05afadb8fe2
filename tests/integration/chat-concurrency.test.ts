// Chat writes racing each other, and pagination walks: one total order per session, a session
// named once, idempotent retries that store one row, and cursors that visit everything once.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  type ApiResponse,
  type Client,
  client,
  request,
  sessionCookie,
  signUp,
} from "../helpers/app";
import { sqlRows } from "../helpers/sql";

type User = Awaited<ReturnType<typeof signUp>>;
type Role = "user" | "assistant";

interface Message {
  id: string;
  chatSessionId: string;
  role: Role;
  content: string;
  createdAt: string;
}

interface ListedSession {
  id: string;
  name: string;
  updatedAt: string;
  messageCount: number;
}

let signIns = 0;

/** A second (third…) sign-in of the same user: another cookie, as from another device. */
async function signIn(user: User): Promise<Client> {
  signIns += 1;
  const res = await request("POST", "/api/auth/sign-in/email", undefined, {
    body: { email: user.email, password: user.password },
    headers: { "x-forwarded-for": `10.77.0.${signIns}` },
  });
  expect(res.status).toBe(200);
  return client(sessionCookie(res.headers));
}

async function newProject(user: Client): Promise<string> {
  const res = await user.post("/api/projects", { name: "Concurrency" });
  expect(res.status).toBe(201);
  return res.body.project.id;
}

async function newSession(user: Client, projectId: string): Promise<string> {
  const res = await user.post("/api/chat-sessions", { projectId });
  expect(res.status).toBe(201);
  return res.body.chatSession.id;
}

function post(user: Client, chatSessionId: string, content: string, extra: object = {}) {
  return user.post("/api/chat-messages", { chatSessionId, role: "user", content, ...extra });
}

async function messagesOf(user: Client, chatSessionId: string): Promise<Message[]> {
  const res = await user.get(`/api/chat-messages?chatSessionId=${chatSessionId}`);
  expect(res.status).toBe(200);
  return res.body.messages;
}

async function listedSessions(user: Client, projectId: string): Promise<ListedSession[]> {
  const res = await user.get(`/api/chat-sessions?projectId=${projectId}&includeMessages=false`);
  expect(res.status).toBe(200);
  return res.body.chatSessions;
}

async function listedSession(user: Client, projectId: string, id: string): Promise<ListedSession> {
  const found = (await listedSessions(user, projectId)).find((s) => s.id === id);
  if (!found) throw new Error(`session ${id} is not listed`);
  return found;
}

async function rowCount(chatSessionId: string): Promise<number> {
  const [row] = await sqlRows<{ count: number }>(
    sql`select count(*)::int as count from chat_messages where chat_session_id = ${chatSessionId}`,
  );
  return row?.count ?? -1;
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
const statuses = (responses: ApiResponse<any>[]) => responses.map((res) => res.status);
const countOf = (values: number[], wanted: number) => values.filter((v) => v === wanted).length;
const pad = (i: number) => String(i).padStart(2, "0");

/** Walks a project's sessions with `limit` per page, following nextCursor to the end. */
async function walkSessions(user: Client, projectId: string, limit: number, query = "") {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const res = await user.get(
      `/api/chat-sessions?projectId=${projectId}&limit=${limit}${query}${after}`,
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["chatSessions", "nextCursor"]);
    pages.push(ids(res.body.chatSessions));
    cursor = res.body.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor !== null);
  return pages;
}

/** Walks a session's messages backwards, newest page first, following prevCursor via before=. */
async function walkMessagesBack(
  user: Client,
  chatSessionId: string,
  limit: number,
  afterFirstPage?: () => Promise<void>,
) {
  const pages: Message[][] = [];
  let before: string | null = null;
  do {
    const from: string = before ? `&before=${encodeURIComponent(before)}` : "";
    const res = await user.get(
      `/api/chat-messages?chatSessionId=${chatSessionId}&limit=${limit}${from}`,
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["messages", "prevCursor"]);
    pages.push(res.body.messages);
    before = res.body.prevCursor;
    if (pages.length === 1) await afterFirstPage?.();
    expect(pages.length).toBeLessThan(100);
  } while (before !== null);
  return pages;
}

describe("concurrent messages in one session", () => {
  it("50 posts from two sign-ins of one user land as exactly 50 rows in one stable order", async () => {
    const alice = await signUp();
    const [laptop, phone] = [await signIn(alice), await signIn(alice)];
    const projectId = await newProject(laptop);
    const sessionId = await newSession(laptop, projectId);

    // The laptop sends one message after another while the phone fires all of its at once.
    const sequential = async () => {
      const responses = [];
      for (let i = 0; i < 25; i++)
        responses.push(await post(laptop, sessionId, `laptop ${pad(i)}`));
      return responses;
    };
    const burst = () =>
      Promise.all(Array.from({ length: 25 }, (_, i) => post(phone, sessionId, `phone ${pad(i)}`)));
    const [fromLaptop, fromPhone] = await Promise.all([sequential(), burst()]);
    const responses = [...fromLaptop, ...fromPhone];

    expect(statuses(responses)).toEqual(Array(50).fill(201));
    const createdIds = responses.map((res) => res.body.message.id as string);
    expect(new Set(createdIds).size).toBe(50);
    expect(await rowCount(sessionId)).toBe(50);

    const first = await messagesOf(laptop, sessionId);
    const second = await messagesOf(phone, sessionId);
    expect(ids(second)).toEqual(ids(first));
    expect(new Set(ids(first))).toEqual(new Set(createdIds));
    const contents = first.map((m) => m.content);
    expect(new Set(contents).size).toBe(50);
    expect(contents.filter((c) => c.startsWith("laptop"))).toEqual(
      Array.from({ length: 25 }, (_, i) => `laptop ${pad(i)}`),
    );
    expect(contents.filter((c) => c.startsWith("phone")).sort()).toEqual(
      Array.from({ length: 25 }, (_, i) => `phone ${pad(i)}`),
    );

    // Every way of reading the session agrees on that order.
    const withSession = (await laptop.get(`/api/chat-sessions/${sessionId}`)).body.chatSession;
    expect(ids(withSession.messages)).toEqual(ids(first));
    const pages = await walkMessagesBack(laptop, sessionId, 7);
    expect(ids(pages.reverse().flat())).toEqual(ids(first));
    expect((await listedSession(laptop, projectId, sessionId)).messageCount).toBe(50);
  });

  it("lists concurrently posted messages in createdAt order, as the spec orders them", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const sessionId = await newSession(alice, projectId);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(alice, sessionId, `racing ${pad(i)}`)),
    );
    expect(countOf(statuses(responses), 201)).toBe(50);

    const listed = await messagesOf(alice, sessionId);
    expect(listed).toHaveLength(50);
    const backwards = listed.flatMap((message, i) => {
      const previous = listed[i - 1];
      return previous && Date.parse(message.createdAt) < Date.parse(previous.createdAt)
        ? [`#${i} ${message.createdAt} listed after ${previous.createdAt}`]
        : [];
    });
    expect(backwards).toEqual([]);
  });

  it("leaves the session's updatedAt no older than its newest message after a burst", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    for (let round = 0; round < 5; round++) {
      const sessionId = await newSession(alice, projectId);
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => post(alice, sessionId, `burst ${round}.${pad(i)}`)),
      );
      const newest = Math.max(
        ...(await messagesOf(alice, sessionId)).map((m) => Date.parse(m.createdAt)),
      );
      const session = await listedSession(alice, projectId, sessionId);
      expect(
        Date.parse(session.updatedAt),
        `round ${round}: updatedAt ${session.updatedAt}, newest message ${new Date(newest).toISOString()}`,
      ).toBeGreaterThanOrEqual(newest);
    }
  });
});

describe("auto-naming under concurrency", () => {
  it("10 concurrent first messages name the session once, after the message listed first", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const sessions = [];
    for (let s = 0; s < 5; s++) sessions.push(await newSession(alice, projectId));

    const topics = (s: number) => Array.from({ length: 10 }, (_, i) => `Topic ${s}-${i}`);
    const responses = await Promise.all(
      sessions.flatMap((sessionId, s) => topics(s).map((topic) => post(alice, sessionId, topic))),
    );
    expect(countOf(statuses(responses), 201)).toBe(50);

    const summaries = await listedSessions(alice, projectId);
    for (const [s, sessionId] of sessions.entries()) {
      const messages = await messagesOf(alice, sessionId);
      expect(messages).toHaveLength(10);
      const name = summaries.find((summary) => summary.id === sessionId)?.name;
      expect(topics(s)).toContain(name);
      expect(name).toBe(messages[0]?.content);
    }
  });

  it("a rename racing the first messages always wins", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    for (let round = 0; round < 5; round++) {
      const sessionId = await newSession(alice, projectId);
      const responses = await Promise.all([
        ...Array.from({ length: 5 }, (_, i) => post(alice, sessionId, `early ${i}`)),
        alice.patch(`/api/chat-sessions/${sessionId}`, { name: `Chosen ${round}` }),
        ...Array.from({ length: 5 }, (_, i) => post(alice, sessionId, `late ${i}`)),
      ]);
      expect(statuses(responses)).toEqual([...Array(5).fill(201), 200, ...Array(5).fill(201)]);
      expect((await listedSession(alice, projectId, sessionId)).name).toBe(`Chosen ${round}`);
    }
  });
});

describe("idempotent retries under concurrency", () => {
  it("the same id posted 10 times at once stores one row: one 201, nine 200 with that message", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const sessionId = await newSession(alice, projectId);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post(alice, sessionId, "retry me", { id: "retried-msg" })),
    );

    expect(countOf(statuses(responses), 201)).toBe(1);
    expect(countOf(statuses(responses), 200)).toBe(9);
    const [created] = responses.filter((res) => res.status === 201);
    for (const res of responses) expect(res.body).toEqual(created?.body);
    expect(created?.body.message).toMatchObject({ id: "retried-msg", content: "retry me" });

    const [row] = await sqlRows<{ count: number }>(
      sql`select count(*)::int as count from chat_messages where id = 'retried-msg'`,
    );
    expect(row?.count).toBe(1);
    expect(await rowCount(sessionId)).toBe(1);
    expect(ids(await messagesOf(alice, sessionId))).toEqual(["retried-msg"]);
    expect(await listedSession(alice, projectId, sessionId)).toMatchObject({
      messageCount: 1,
      name: "retry me",
    });
  });

  it("one id raced into two sessions: one 201, its twins 200, the other session 409 and untouched", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const [left, right] = [await newSession(alice, projectId), await newSession(alice, projectId)];
    const targets = Array.from({ length: 10 }, (_, i) => (i % 2 ? left : right));
    const responses = await Promise.all(
      targets.map((sessionId) => post(alice, sessionId, "contested", { id: "contested-msg" })),
    );

    const codes = statuses(responses);
    expect(countOf(codes, 201)).toBe(1);
    const winner = targets[codes.indexOf(201)];
    const loser = winner === left ? right : left;
    for (const [i, res] of responses.entries()) {
      if (targets[i] === winner) expect([200, 201]).toContain(res.status);
      else {
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe("conflict");
      }
    }
    expect(await rowCount(winner ?? "")).toBe(1);
    expect(await rowCount(loser)).toBe(0);
    // The loser's transaction was rolled back whole: no count, no name, no activity.
    expect(await listedSession(alice, projectId, loser)).toMatchObject({
      messageCount: 0,
      name: "New Chat",
    });
  });
});

describe("pagination walks", () => {
  it("walks 23 sessions with limit=5, ties included, visiting each once in the unpaginated order", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const created = [];
    for (let i = 0; i < 23; i++) created.push(await newSession(alice, projectId));
    // Groups of four share one updatedAt, so ties straddle page boundaries.
    for (const [i, id] of created.entries()) {
      const at = new Date(Date.UTC(2030, 0, 1, 0, 0, Math.floor(i / 4))).toISOString();
      await sqlRows(sql`update chat_sessions set updated_at = ${at} where id = ${id}`);
    }

    const full = ids(
      (await alice.get(`/api/chat-sessions?projectId=${projectId}`)).body.chatSessions,
    );
    expect(full).toHaveLength(23);
    expect(new Set(full)).toEqual(new Set(created));

    for (const query of ["", "&includeMessages=false"]) {
      const pages = await walkSessions(alice, projectId, 5, query);
      expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
      expect(pages.flat()).toEqual(full);
    }
    const onePerPage = await walkSessions(alice, projectId, 1);
    expect(onePerPage.flat()).toEqual(full);
    expect(onePerPage).toHaveLength(23);
  });

  it("a session walk visits every other session once while visited ones move to the top", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    for (let i = 0; i < 12; i++) await newSession(alice, projectId);
    const full = ids(
      (await alice.get(`/api/chat-sessions?projectId=${projectId}`)).body.chatSessions,
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await alice.get(`/api/chat-sessions?projectId=${projectId}&limit=3${after}`);
      seen.push(...ids(res.body.chatSessions));
      cursor = res.body.nextCursor;
      // Activity behind the cursor: an already-visited session gets a message, a new one appears.
      const visited = seen[0];
      if (visited) await post(alice, visited, `bump after ${seen.length}`);
      await newSession(alice, projectId);
    } while (cursor !== null);

    expect(seen).toEqual(full);
  });

  it("walks 37 messages back with limit=10 via prevCursor, each once and in order", async () => {
    const alice = await signUp();
    const projectId = await newProject(alice);
    const sessionId = await newSession(alice, projectId);
    const sent: Message[] = [];
    for (let i = 1; i <= 37; i++) {
      const role: Role = i % 2 ? "user" : "assistant";
      const res = await alice.post("/api/chat-messages", {
        chatSessionId: sessionId,
        role,
        content: `m${pad(i)}`,
      });
      expect(res.status).toBe(201);
      sent.push(res.body.message);
    }

    const pages = await walkMessagesBack(alice, sessionId, 10);
    expect(pages.map((page) => page.length)).toEqual([10, 10, 10, 7]);
    expect(pages[0]?.map((m) => m.content)).toEqual(sent.slice(27).map((m) => m.content));
    expect([...pages].reverse().flat()).toEqual(sent);

    // Messages arriving mid-walk never shift the older pages.
    const late: string[] = [];
    const walked = await walkMessagesBack(alice, sessionId, 10, async () => {
      for (let i = 0; i < 3; i++)
        late.push((await post(alice, sessionId, `late ${i}`)).body.message.id);
    });
    expect(ids([...walked].reverse().flat())).toEqual(ids(sent));
    expect(ids((await messagesOf(alice, sessionId)).slice(-3))).toEqual(late);
  });
});
