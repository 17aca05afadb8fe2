// Who may do what with chat sessions and messages: the owner, another signed-in user and an
// anonymous caller against every chat route and method, the same-origin guard on writes, and
// the promise that a refused request changes nothing.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { summaryRunsSettled } from "@/server/summaries/summarize-session";
import { type ApiResponse, type Client, client, ORIGIN, signUp } from "../helpers/app";
import { chatBody, newId, repliesSettled } from "../helpers/chat";
import { sqlRows } from "../helpers/sql";

type User = Awaited<ReturnType<typeof signUp>>;
type HeaderMap = Record<string, string>;

interface Ids {
  projectId: string;
  sessionId: string;
  /** A message id already stored in `sessionId`, with `messageContent`. */
  messageId: string;
  messageContent: string;
  /** The assistant message after it, under a client-chosen id. */
  replyId: string;
  /** A tag of the same user, which `sessionId` carries. */
  tagId: string;
  /** A template of the user's own. */
  templateId: string;
  /** A read-only link to `sessionId`: a snapshot ending at `replyId`. */
  linkId: string;
}

interface Call {
  route: string;
  write: boolean;
  run: (who: Client, ids: Ids, headers?: HeaderMap) => Promise<ApiResponse<any>>;
}

const UNKNOWN: Ids = {
  projectId: "doesnotexist000000000000",
  sessionId: "doesnotexist000000000001",
  messageId: "unknown-message-id",
  messageContent: "never stored",
  replyId: "unknown-reply-id",
  tagId: "doesnotexist000000000002",
  templateId: "doesnotexist000000000003",
  linkId: "doesnotexist000000000004",
};

const HOSTILE: [string, HeaderMap][] = [
  ["Origin: http://evil.example", { origin: "http://evil.example" }],
  ["Origin: null", { origin: "null" }],
  ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
];

/**
 * Every chat route and method, with the ids in every place they can travel: projectId in the
 * query and in the body, chatSessionId in the path, the query and the body. DELETE comes last
 * so the owner's run of the whole list works on one session.
 */
const CALLS: Call[] = [
  {
    route: "GET /api/chat-sessions?projectId=",
    write: false,
    run: (c, ids, headers) => c.get(`/api/chat-sessions?projectId=${ids.projectId}`, { headers }),
  },
  {
    route: "GET /api/chat-sessions?projectId=&includeMessages=false&limit=5",
    write: false,
    run: (c, ids, headers) =>
      c.get(`/api/chat-sessions?projectId=${ids.projectId}&includeMessages=false&limit=5`, {
        headers,
      }),
  },
  {
    route: "POST /api/chat-sessions { projectId }",
    write: true,
    run: (c, ids, headers) =>
      c.post("/api/chat-sessions", { projectId: ids.projectId }, { headers }),
  },
  {
    route: "POST /api/chat-sessions { projectId, name }",
    write: true,
    run: (c, ids, headers) =>
      c.post("/api/chat-sessions", { projectId: ids.projectId, name: "Intruder" }, { headers }),
  },
  {
    route: "GET /api/chat-sessions?projectId=&tag=&archived=false",
    write: false,
    run: (c, ids, headers) =>
      c.get(`/api/chat-sessions?projectId=${ids.projectId}&tag=${ids.tagId}&archived=false`, {
        headers,
      }),
  },
  {
    route: "GET /api/chat-sessions/[id]",
    write: false,
    run: (c, ids, headers) => c.get(`/api/chat-sessions/${ids.sessionId}`, { headers }),
  },
  {
    route: "PATCH /api/chat-sessions/[id]",
    write: true,
    run: (c, ids, headers) =>
      c.patch(`/api/chat-sessions/${ids.sessionId}`, { name: "Renamed by someone" }, { headers }),
  },
  {
    route: "PATCH /api/chat-sessions/[id] { tags, pinned, instructions }",
    write: true,
    run: (c, ids, headers) =>
      c.patch(
        `/api/chat-sessions/${ids.sessionId}`,
        { tags: [ids.tagId], pinned: true, instructions: "Be brief." },
        { headers },
      ),
  },
  {
    route: "POST /api/chat-sessions/bulk { ids, action: tag, tagIds }",
    write: true,
    run: (c, ids, headers) =>
      c.post(
        "/api/chat-sessions/bulk",
        { ids: [ids.sessionId], action: "tag", tagIds: [ids.tagId] },
        { headers },
      ),
  },
  {
    route: "POST /api/chat-sessions/bulk { ids, action: archive }",
    write: true,
    run: (c, ids, headers) =>
      c.post("/api/chat-sessions/bulk", { ids: [ids.sessionId], action: "archive" }, { headers }),
  },
  {
    route: "PATCH /api/tags/[id]",
    write: true,
    run: (c, ids, headers) =>
      c.patch(`/api/tags/${ids.tagId}`, { name: "Renamed tag", color: "red" }, { headers }),
  },
  {
    route: "GET /api/chat-messages?chatSessionId=",
    write: false,
    run: (c, ids, headers) =>
      c.get(`/api/chat-messages?chatSessionId=${ids.sessionId}`, { headers }),
  },
  {
    route: "GET /api/chat-messages?chatSessionId=&limit=1",
    write: false,
    run: (c, ids, headers) =>
      c.get(`/api/chat-messages?chatSessionId=${ids.sessionId}&limit=1`, { headers }),
  },
  {
    route: "GET /api/chat-messages?chatSessionId=&around=",
    write: false,
    run: (c, ids, headers) =>
      c.get(`/api/chat-messages?chatSessionId=${ids.sessionId}&around=${ids.messageId}`, {
        headers,
      }),
  },
  {
    route: "GET /api/chat-messages?chatSessionId=&after=",
    write: false,
    run: (c, ids, headers) =>
      c.get(
        `/api/chat-messages?chatSessionId=${ids.sessionId}&after=${afterCursor(ids.messageId)}`,
        { headers },
      ),
  },
  {
    route: "GET /api/search?q=&projectId=",
    write: false,
    run: (c, ids, headers) =>
      c.get(`/api/search?q=private&projectId=${ids.projectId}`, { headers }),
  },
  {
    route: "POST /api/chat-messages { chatSessionId }",
    write: true,
    run: (c, ids, headers) =>
      c.post(
        "/api/chat-messages",
        { chatSessionId: ids.sessionId, role: "user", content: "Injected message" },
        { headers },
      ),
  },
  {
    route: "POST /api/chat-messages { chatSessionId, id } replaying a stored message",
    write: true,
    run: (c, ids, headers) =>
      c.post(
        "/api/chat-messages",
        {
          chatSessionId: ids.sessionId,
          role: "user",
          content: ids.messageContent,
          id: ids.messageId,
        },
        { headers },
      ),
  },
  {
    route: "POST /api/chat-messages { chatSessionId, parentId }",
    write: true,
    run: (c, ids, headers) =>
      c.post(
        "/api/chat-messages",
        {
          chatSessionId: ids.sessionId,
          role: "user",
          content: "Another follow-up",
          parentId: ids.messageId,
        },
        { headers },
      ),
  },
  {
    route: "POST /api/chat { chatSessionId, message, editOf }",
    write: true,
    run: (c, ids, headers) =>
      c.post(
        "/api/chat",
        { ...chatBody(ids.sessionId, "An edited question", newId("edit")), editOf: ids.messageId },
        { headers },
      ),
  },
  {
    route: "PATCH /api/chat-messages/[id]",
    write: true,
    run: (c, ids, headers) =>
      c.patch(`/api/chat-messages/${ids.replyId}`, { content: "A fixed reply" }, { headers }),
  },
  {
    route: "POST /api/chat-sessions/[id]/active-branch",
    write: true,
    run: (c, ids, headers) =>
      c.post(
        `/api/chat-sessions/${ids.sessionId}/active-branch`,
        { messageId: ids.replyId },
        { headers },
      ),
  },
  {
    route: "POST /api/chat-sessions/[id]/summary",
    write: true,
    run: (c, ids, headers) =>
      c.post(`/api/chat-sessions/${ids.sessionId}/summary`, {}, { headers }),
  },
  {
    route: "GET /api/chat-sessions/[id]/export?format=markdown",
    write: false,
    run: (c, ids, headers) =>
      c.get(`/api/chat-sessions/${ids.sessionId}/export?format=markdown`, { headers }),
  },
  {
    route: "GET /api/chat-sessions/[id]/export?format=json",
    write: false,
    run: (c, ids, headers) =>
      c.get(`/api/chat-sessions/${ids.sessionId}/export?format=json`, { headers }),
  },
  {
    route: "GET /api/chat-sessions/[id]/links",
    write: false,
    run: (c, ids, headers) => c.get(`/api/chat-sessions/${ids.sessionId}/links`, { headers }),
  },
  {
    route: "POST /api/chat-sessions/[id]/links { mode: live }",
    write: true,
    run: (c, ids, headers) =>
      c.post(`/api/chat-sessions/${ids.sessionId}/links`, { mode: "live" }, { headers }),
  },
  {
    route: "GET /api/projects/[id]/export",
    write: false,
    run: (c, ids, headers) => c.get(`/api/projects/${ids.projectId}/export`, { headers }),
  },
  {
    route: "GET /api/templates/[id]",
    write: false,
    run: (c, ids, headers) => c.get(`/api/templates/${ids.templateId}`, { headers }),
  },
  {
    route: "PATCH /api/templates/[id]",
    write: true,
    run: (c, ids, headers) =>
      c.patch(`/api/templates/${ids.templateId}`, { instructions: "Overwritten" }, { headers }),
  },
  {
    route: "POST /api/chat-sessions { projectId, templateId }",
    write: true,
    run: (c, ids, headers) =>
      c.post(
        "/api/chat-sessions",
        { projectId: ids.projectId, templateId: ids.templateId },
        { headers },
      ),
  },
  {
    route: "POST /api/templates { copyOf }",
    write: true,
    run: (c, ids, headers) => c.post("/api/templates", { copyOf: ids.templateId }, { headers }),
  },
  {
    route: "POST /api/templates { fromSessionId }",
    write: true,
    run: (c, ids, headers) =>
      c.post("/api/templates", { fromSessionId: ids.sessionId }, { headers }),
  },
  {
    route: "DELETE /api/templates/[id]",
    write: true,
    run: (c, ids, headers) => c.delete(`/api/templates/${ids.templateId}`, { headers }),
  },
  {
    route: "DELETE /api/chat-sessions/[id]/links/[linkId]",
    write: true,
    run: (c, ids, headers) =>
      c.delete(`/api/chat-sessions/${ids.sessionId}/links/${ids.linkId}`, { headers }),
  },
  {
    route: "DELETE /api/chat-messages/[id]",
    write: true,
    run: (c, ids, headers) => c.delete(`/api/chat-messages/${ids.replyId}`, { headers }),
  },
  {
    route: "DELETE /api/tags/[id]",
    write: true,
    run: (c, ids, headers) => c.delete(`/api/tags/${ids.tagId}`, { headers }),
  },
  {
    route: "DELETE /api/chat-sessions/[id]",
    write: true,
    run: (c, ids, headers) => c.delete(`/api/chat-sessions/${ids.sessionId}`, { headers }),
  },
];

const WRITES = CALLS.filter((call) => call.write);

/** What the owner's run of CALLS answers, in order. */
const OWNER_STATUSES = [
  200, 200, 201, 201, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 200, 201,
  200, 200, 200,
  // "summarize now"
  202,
  // the exports, with the links' list and a new link between
  200, 200, 200, 201, 200,
  // the template calls
  200, 200, 201, 201, 201, 200,
  // the deletes: a link, a message, a tag, the session
  200, 200, 200, 200,
];

/** The cursor GET /api/chat-messages hands out for the page after a message. */
const afterCursor = (messageId: string) =>
  Buffer.from(JSON.stringify({ after: messageId })).toString("base64url");

let messageCounter = 0;

/** A project of `user` with one session holding one user message under a client-chosen id. */
async function seed(user: User, label: string): Promise<Ids> {
  messageCounter += 1;
  const projectId = (await user.post("/api/projects", { name: `${label} project` })).body.project
    .id;
  const sessionId = (await user.post("/api/chat-sessions", { projectId })).body.chatSession.id;
  const messageId = `${label.toLowerCase().replace(/\W/g, "-")}-msg-${messageCounter}`;
  const messageContent = `${label}'s private message`;
  const res = await user.post("/api/chat-messages", {
    chatSessionId: sessionId,
    role: "user",
    content: messageContent,
    id: messageId,
  });
  expect(res.status).toBe(201);
  const replyId = `${messageId}-reply`;
  await user.post("/api/chat-messages", {
    chatSessionId: sessionId,
    role: "assistant",
    content: `Reply to ${label}`,
    id: replyId,
  });
  const tagId = (await user.post("/api/tags", { name: `${label} tag ${messageCounter}` })).body.tag
    .id;
  await user.patch(`/api/chat-sessions/${sessionId}`, { tags: [tagId] });
  const templateId = (
    await user.post("/api/templates", { name: `${label}'s template`, instructions: "Private" })
  ).body.template.id;
  const linkId = (await user.post(`/api/chat-sessions/${sessionId}/links`, {})).body.link.id;
  return { projectId, sessionId, messageId, messageContent, replyId, tagId, templateId, linkId };
}

/** Every chat row, every column: equal snapshots mean nothing was written. */
async function snapshot() {
  return {
    projects: await sqlRows(sql`select * from projects order by id`),
    sessions: await sqlRows(sql`select * from chat_sessions order by id`),
    messages: await sqlRows(sql`select * from chat_messages order by id`),
    tags: await sqlRows(sql`select * from tags order by id`),
    sessionTags: await sqlRows(sql`select * from chat_session_tags order by 1, 2`),
    templates: await sqlRows(sql`select * from session_templates order by id`),
    shareLinks: await sqlRows(sql`select * from share_links order by id`),
  };
}

/** The owner's own view of a seeded project: sessions with messages, and the session read alone. */
async function ownerView(owner: User, ids: Ids) {
  return {
    list: (await owner.get(`/api/chat-sessions?projectId=${ids.projectId}`)).body,
    session: (await owner.get(`/api/chat-sessions/${ids.sessionId}`)).body,
    messages: (await owner.get(`/api/chat-messages?chatSessionId=${ids.sessionId}`)).body,
    tags: (await owner.get("/api/tags")).body,
    links: (await owner.get(`/api/chat-sessions/${ids.sessionId}/links`)).body,
  };
}

function expectError(res: ApiResponse<any>, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(Object.keys(res.body)).toEqual(["error"]);
  expect(Object.keys(res.body.error).sort()).toEqual(["code", "message"]);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.message).toEqual(expect.any(String));
}

let alice: User;
let bob: User;
let aliceIds: Ids;
let bobIds: Ids;

beforeAll(async () => {
  alice = await signUp();
  bob = await signUp();
  aliceIds = await seed(alice, "Alice");
  bobIds = await seed(bob, "Bob");
});

describe("the owner", () => {
  it("can call every chat route and method on their own project and session", async () => {
    const ids = await seed(alice, "Alice scratch");
    const statuses = [];
    for (const call of CALLS) {
      const res = await call.run(alice, ids);
      expect(res.status, call.route).toBeLessThan(300);
      statuses.push(res.status);
    }
    expect(statuses).toEqual(OWNER_STATUSES);
    expect((await alice.get(`/api/chat-sessions/${ids.sessionId}`)).status).toBe(404);
  });

  it("can write from the app's own origin and from same-origin fetches", async () => {
    for (const headers of [
      { origin: ORIGIN },
      { "sec-fetch-site": "same-origin" },
    ] as HeaderMap[]) {
      const ids = await seed(alice, "Alice same-origin");
      for (const call of WRITES) {
        const res = await call.run(alice, ids, headers);
        expect(res.status, `${call.route} with ${JSON.stringify(headers)}`).toBeLessThan(300);
      }
    }
  });
});

describe("another signed-in user", () => {
  it("gets the same 404 body as for an unknown id, on every route, and changes nothing", async () => {
    const before = await snapshot();
    expect(before.sessions.length).toBeGreaterThan(0);
    expect(before.messages.length).toBeGreaterThan(0);
    const view = await ownerView(alice, aliceIds);

    for (const call of CALLS) {
      const unknown = await call.run(bob, UNKNOWN);
      const foreign = await call.run(bob, aliceIds);
      expectError(unknown, 404, "not_found");
      expect(foreign.status, call.route).toBe(404);
      expect(foreign.body, call.route).toEqual(unknown.body);
    }

    expect(await snapshot()).toEqual(before);
    expect(await ownerView(alice, aliceIds)).toEqual(view);
  });

  it("is refused the other way round too: the owner cannot reach the other user's data", async () => {
    const before = await snapshot();
    const view = await ownerView(bob, bobIds);
    for (const call of CALLS) {
      const unknown = await call.run(alice, UNKNOWN);
      const foreign = await call.run(alice, bobIds);
      expect(foreign.status, call.route).toBe(404);
      expect(foreign.body, call.route).toEqual(unknown.body);
    }
    expect(await snapshot()).toEqual(before);
    expect(await ownerView(bob, bobIds)).toEqual(view);
  });

  it("can use the owner's message ids as freely as unused ones, and changes nothing of theirs", async () => {
    // Alice has also asked the model a question (its id is hers too).
    const aliceQuestion = newId("alice-q");
    await (
      await alice.stream("/api/chat", chatBody(aliceIds.sessionId, "Alice asks", aliceQuestion))
    ).text();
    // Her session is summarized after the reply, in the background: the view is taken after.
    await repliesSettled();
    await summaryRunsSettled();
    const view = await ownerView(alice, aliceIds);
    const aliceRows = async () =>
      sqlRows(sql`select * from chat_messages where user_id = ${alice.userId} order by id`);
    const before = await aliceRows();
    for (const id of [aliceIds.messageId, UNKNOWN.messageId]) {
      const post = () =>
        bob.post("/api/chat-messages", {
          chatSessionId: bobIds.sessionId,
          role: "user",
          content: `Bob's own words under ${id}`,
          id,
        });
      const res = await post();
      expect(res.status, id).toBe(201);
      expect(res.body.message).toMatchObject({ id, chatSessionId: bobIds.sessionId });
      expect(JSON.stringify(res.body)).not.toContain(aliceIds.messageContent);
      // Sent again, it is Bob's own retry: the same message back, nothing new.
      const again = await post();
      expect(again.status, id).toBe(200);
      expect(again.body.message).toEqual(res.body.message);
    }
    // The same holds for a question sent to the model.
    const asked = await bob.stream(
      "/api/chat",
      chatBody(bobIds.sessionId, "Bob asks", aliceQuestion),
    );
    expect(asked.status).toBe(200);
    await asked.text();
    expect(await aliceRows()).toEqual(before);
    expect(await ownerView(alice, aliceIds)).toEqual(view);
  });

  it("never finds the owner's messages or session names by searching", async () => {
    const mine = await alice.get("/api/search?q=private&limit=50");
    expect(mine.status).toBe(200);
    expect(mine.body.results.length).toBeGreaterThan(0);
    for (const q of ["private", "Alice", "Reply", aliceIds.messageContent]) {
      for (const order of ["relevance", "newest"]) {
        const res = await bob.get(`/api/search?${new URLSearchParams({ q, order, limit: "50" })}`);
        expect(res.status, q).toBe(200);
        for (const hit of res.body.results) {
          expect(hit.projectId, q).toBe(bobIds.projectId);
          expect(hit.chatSessionId, q).toBe(bobIds.sessionId);
          expect(JSON.stringify(hit), q).not.toContain(aliceIds.messageContent);
        }
      }
    }
  });

  it("cannot be handed the owner's session by a PATCH that names their project", async () => {
    const ids = await seed(alice, "Alice movable");
    const res = await alice.patch(`/api/chat-sessions/${ids.sessionId}`, {
      name: "Still Alice's",
      projectId: bobIds.projectId,
    });
    expect(res.status).toBe(200);
    expect(res.body.chatSession.projectId).toBe(ids.projectId);
    const bobList = (await bob.get(`/api/chat-sessions?projectId=${bobIds.projectId}`)).body;
    expect(bobList.chatSessions.map((s: { id: string }) => s.id)).toEqual([bobIds.sessionId]);
    const [row] = await sqlRows<{ project_id: string }>(
      sql`select project_id from chat_sessions where id = ${ids.sessionId}`,
    );
    expect(row?.project_id).toBe(ids.projectId);
  });
});

describe("the account export (GET /api/export)", () => {
  it("holds the caller's own data only, and answers anonymous callers 401", async () => {
    const bobs = await bob.get("/api/export");
    expect(bobs.status).toBe(200);
    const text = String(bobs.body);
    expect(text).toContain(bobIds.sessionId);
    for (const secret of [aliceIds.sessionId, aliceIds.projectId, aliceIds.messageContent])
      expect(text).not.toContain(secret);
    expectError(await client().get("/api/export"), 401, "unauthorized");
  });
});

describe("an anonymous caller", () => {
  it("gets 401 on every route, for real and unknown ids alike, and changes nothing", async () => {
    const before = await snapshot();
    const anonymous = client();
    for (const call of CALLS) {
      const real = await call.run(anonymous, aliceIds);
      const unknown = await call.run(anonymous, UNKNOWN);
      expectError(real, 401, "unauthorized");
      expect(real.body, call.route).toEqual(unknown.body);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("gets 401 with a forged or malformed session cookie", async () => {
    const before = await snapshot();
    for (const cookie of [
      "better-auth.session_token=forged.signature",
      "better-auth.session_token=",
      `${alice.cookie}tampered`,
    ]) {
      const forged = client(cookie);
      for (const call of CALLS) {
        const res = await call.run(forged, aliceIds);
        expect(res.status, `${call.route} with ${cookie}`).toBe(401);
        expect(res.body.error.code).toBe("unauthorized");
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("the same-origin guard on writes", () => {
  for (const [label, headers] of HOSTILE) {
    it(`refuses every write carrying ${label} with 403, even with the owner's cookie`, async () => {
      const before = await snapshot();
      const view = await ownerView(alice, aliceIds);
      for (const call of WRITES) {
        const res = await call.run(alice, aliceIds, headers);
        expect(res.status, call.route).toBe(403);
        expectError(res, 403, "forbidden");
      }
      expect(await snapshot()).toEqual(before);
      expect(await ownerView(alice, aliceIds)).toEqual(view);
    });
  }

  it("still lets the owner read and write afterwards", async () => {
    expect((await alice.get(`/api/chat-sessions/${aliceIds.sessionId}`)).status).toBe(200);
    const res = await alice.post(
      "/api/chat-messages",
      { chatSessionId: aliceIds.sessionId, role: "assistant", content: "after the attacks" },
      { headers: { origin: ORIGIN } },
    );
    expect(res.status).toBe(201);
  });
});
