// Who may do what with chat sessions and messages: the owner, a collaborator and a viewer of a
// session shared with them, a member whose access was revoked, another signed-in user and an
// anonymous caller against every chat route and method, the same-origin guard on writes, and
// the promise that a refused request changes nothing.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { importRun } from "@/server/imports/run-import";
import { summaryRunsSettled } from "@/server/summaries/summarize-session";
import { type ApiResponse, type Client, client, ORIGIN, signUp } from "../helpers/app";
import { chatBody, newId, repliesSettled } from "../helpers/chat";
import { openEvents } from "../helpers/live";
import { sqlRows } from "../helpers/sql";

process.env.IMPORT_UPLOADS_PER_HOUR = "1000";
// Every seed shares its session: the invitation limit is not what this file tests.
process.env.SHARE_INVITES_PER_HOUR = "100000";
process.env.AI_OFFLINE_CHUNK_DELAY_MS = "0";

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
  /** An import of the user's (of a file that failed). */
  importId: string;
  /** Someone `sessionId` is shared with (a viewer), and the email of a user it is not. */
  memberId: string;
  inviteeEmail: string;
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
  importId: "doesnotexist000000000004",
  memberId: "doesnotexist000000000005",
  inviteeEmail: "nobody-at-all@example.com",
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
    route: "GET /api/imports/[id]",
    write: false,
    run: (c, ids, headers) => c.get(`/api/imports/${ids.importId}`, { headers }),
  },
  {
    route: "POST /api/import { file, projectId }",
    write: true,
    run: (c, ids, headers) => importInto(c, ids.projectId, headers),
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
    route: "POST /api/chat { chatSessionId, message }",
    write: true,
    run: (c, ids, headers) =>
      c.post("/api/chat", chatBody(ids.sessionId, "One more question", newId("ask")), {
        headers,
      }),
  },
  {
    route: "POST /api/chat/stop { messageId, chatSessionId }",
    write: true,
    run: (c, ids, headers) =>
      c.post(
        "/api/chat/stop",
        { messageId: ids.replyId, chatSessionId: ids.sessionId },
        { headers },
      ),
  },
  {
    route: "GET /api/chat-sessions/[id]/shares",
    write: false,
    run: (c, ids, headers) => c.get(`/api/chat-sessions/${ids.sessionId}/shares`, { headers }),
  },
  {
    route: "POST /api/chat-sessions/[id]/shares",
    write: true,
    run: (c, ids, headers) =>
      c.post(
        `/api/chat-sessions/${ids.sessionId}/shares`,
        { email: ids.inviteeEmail, role: "collaborator" },
        { headers },
      ),
  },
  {
    route: "PATCH /api/chat-sessions/[id]/shares/[userId]",
    write: true,
    run: (c, ids, headers) =>
      c.patch(
        `/api/chat-sessions/${ids.sessionId}/shares/${ids.memberId}`,
        { role: "collaborator" },
        { headers },
      ),
  },
  {
    route: "DELETE /api/chat-sessions/[id]/shares/[userId]",
    write: true,
    run: (c, ids, headers) =>
      c.delete(`/api/chat-sessions/${ids.sessionId}/shares/${ids.memberId}`, { headers }),
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
  // the import read, and an upload into the project
  200, 202,
  // the template calls
  200, 200, 201, 201, 201, 200,
  // a question to the model, a stop, the shares (list, invite, change a role, remove)
  200, 200, 200, 201, 200, 200,
  // the deletes: a link, a message, a tag, the session
  200, 200, 200, 200,
];

/** The cursor GET /api/chat-messages hands out for the page after a message. */
const afterCursor = (messageId: string) =>
  Buffer.from(JSON.stringify({ after: messageId })).toString("base64url");

/**
 * Uploads a file that is no export into `projectId`; waits for its import to end, so nothing
 * is still writing when a later test compares snapshots.
 */
async function importInto(c: Client, projectId: string, headers?: HeaderMap) {
  const form = new FormData();
  form.set("file", new Blob(["not an export"]), "notes.txt");
  form.set("projectId", projectId);
  const res = await c.upload("/api/import", form, { headers });
  if (res.status === 202) await importRun(res.body.import.id);
  return res;
}

let messageCounter = 0;

/**
 * A project of `user` with one session holding one user message under a client-chosen id,
 * shared with `dave` as a viewer.
 */
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
  const importId = (await importInto(user, projectId)).body.import.id;
  const shared = await user.post(`/api/chat-sessions/${sessionId}/shares`, {
    email: dave.email,
    role: "viewer",
  });
  expect(shared.status).toBe(201);
  const linkId = (await user.post(`/api/chat-sessions/${sessionId}/links`, {})).body.link.id;
  return {
    projectId,
    sessionId,
    messageId,
    messageContent,
    replyId,
    tagId,
    templateId,
    importId,
    memberId: dave.userId,
    inviteeEmail: erin.email,
    linkId,
  };
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
    imports: await sqlRows(sql`select * from imports order by id`),
    shares: await sqlRows(sql`select * from chat_session_shares order by 1, 2`),
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
/** A viewer of every seeded session, and a user nobody shares with (to be invited). */
let dave: User;
let erin: User;
let aliceIds: Ids;
let bobIds: Ids;

beforeAll(async () => {
  alice = await signUp();
  bob = await signUp();
  dave = await signUp();
  erin = await signUp();
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

/**
 * What a member of a shared session gets on each call: reads of the session answer, a
 * collaborator also asks (sends, gets and stops replies, summarizes), everything else of the
 * session is 403, and everything beyond it (the project, its other sessions, tags, templates)
 * is 404 exactly as for a stranger.
 */
const MEMBER_STATUSES: Record<string, { collaborator: number; viewer: number }> = {
  "GET /api/chat-sessions?projectId=": { collaborator: 404, viewer: 404 },
  // Imports are the user's own, and the owner's project is not shared: as for a stranger.
  "GET /api/imports/[id]": { collaborator: 404, viewer: 404 },
  "POST /api/import { file, projectId }": { collaborator: 404, viewer: 404 },
  "GET /api/chat-sessions?projectId=&includeMessages=false&limit=5": {
    collaborator: 404,
    viewer: 404,
  },
  "POST /api/chat-sessions { projectId }": { collaborator: 404, viewer: 404 },
  "POST /api/chat-sessions { projectId, name }": { collaborator: 404, viewer: 404 },
  "GET /api/chat-sessions?projectId=&tag=&archived=false": { collaborator: 404, viewer: 404 },
  "GET /api/chat-sessions/[id]": { collaborator: 200, viewer: 200 },
  "GET /api/chat-sessions/[id]/links": { collaborator: 403, viewer: 403 },
  "POST /api/chat-sessions/[id]/links { mode: live }": { collaborator: 403, viewer: 403 },
  "DELETE /api/chat-sessions/[id]/links/[linkId]": { collaborator: 403, viewer: 403 },
  "PATCH /api/chat-sessions/[id]": { collaborator: 403, viewer: 403 },
  "PATCH /api/chat-sessions/[id] { tags, pinned, instructions }": {
    collaborator: 403,
    viewer: 403,
  },
  "POST /api/chat-sessions/bulk { ids, action: tag, tagIds }": { collaborator: 404, viewer: 404 },
  "POST /api/chat-sessions/bulk { ids, action: archive }": { collaborator: 404, viewer: 404 },
  "PATCH /api/tags/[id]": { collaborator: 404, viewer: 404 },
  "GET /api/chat-messages?chatSessionId=": { collaborator: 200, viewer: 200 },
  "GET /api/chat-messages?chatSessionId=&limit=1": { collaborator: 200, viewer: 200 },
  "GET /api/chat-messages?chatSessionId=&around=": { collaborator: 200, viewer: 200 },
  "GET /api/chat-messages?chatSessionId=&after=": { collaborator: 200, viewer: 200 },
  "GET /api/search?q=&projectId=": { collaborator: 404, viewer: 404 },
  "POST /api/chat-messages { chatSessionId }": { collaborator: 201, viewer: 403 },
  // The owner's stored message, sent again: answered, nothing written.
  "POST /api/chat-messages { chatSessionId, id } replaying a stored message": {
    collaborator: 200,
    viewer: 403,
  },
  "POST /api/chat-messages { chatSessionId, parentId }": { collaborator: 403, viewer: 403 },
  "POST /api/chat { chatSessionId, message, editOf }": { collaborator: 403, viewer: 403 },
  "PATCH /api/chat-messages/[id]": { collaborator: 403, viewer: 403 },
  "POST /api/chat-sessions/[id]/active-branch": { collaborator: 403, viewer: 403 },
  "POST /api/chat-sessions/[id]/summary": { collaborator: 202, viewer: 403 },
  "GET /api/chat-sessions/[id]/export?format=markdown": { collaborator: 200, viewer: 200 },
  "GET /api/chat-sessions/[id]/export?format=json": { collaborator: 200, viewer: 200 },
  "GET /api/projects/[id]/export": { collaborator: 404, viewer: 404 },
  "GET /api/templates/[id]": { collaborator: 404, viewer: 404 },
  "PATCH /api/templates/[id]": { collaborator: 404, viewer: 404 },
  "POST /api/chat-sessions { projectId, templateId }": { collaborator: 404, viewer: 404 },
  "POST /api/templates { copyOf }": { collaborator: 404, viewer: 404 },
  "POST /api/templates { fromSessionId }": { collaborator: 404, viewer: 404 },
  "DELETE /api/templates/[id]": { collaborator: 404, viewer: 404 },
  "POST /api/chat { chatSessionId, message }": { collaborator: 200, viewer: 403 },
  "POST /api/chat/stop { messageId, chatSessionId }": { collaborator: 200, viewer: 403 },
  "GET /api/chat-sessions/[id]/shares": { collaborator: 403, viewer: 403 },
  "POST /api/chat-sessions/[id]/shares": { collaborator: 403, viewer: 403 },
  "PATCH /api/chat-sessions/[id]/shares/[userId]": { collaborator: 403, viewer: 403 },
  "DELETE /api/chat-sessions/[id]/shares/[userId]": { collaborator: 403, viewer: 403 },
  "DELETE /api/chat-messages/[id]": { collaborator: 403, viewer: 403 },
  "DELETE /api/tags/[id]": { collaborator: 404, viewer: 404 },
  "DELETE /api/chat-sessions/[id]": { collaborator: 403, viewer: 403 },
};

/** A seeded session of Alice's, shared with a new user as `role`. */
async function sharedWith(role: "collaborator" | "viewer", label: string) {
  const member = await signUp();
  const ids = await seed(alice, label);
  const res = await alice.post(`/api/chat-sessions/${ids.sessionId}/shares`, {
    email: member.email,
    role,
  });
  expect(res.status).toBe(201);
  return { member, ids };
}

describe("members of a shared session", () => {
  it("has a status for every call", () => {
    expect(Object.keys(MEMBER_STATUSES).sort()).toEqual(CALLS.map((c) => c.route).sort());
  });

  for (const role of ["collaborator", "viewer"] as const) {
    it(`a ${role} gets what the role allows; a refusal changes nothing, a 404 looks like an unknown id`, async () => {
      const { member, ids } = await sharedWith(role, `Alice shares with a ${role}`);
      const expected = (call: Call) => MEMBER_STATUSES[call.route]?.[role];
      const refused = CALLS.filter((call) => (expected(call) ?? 0) >= 400);
      const allowed = CALLS.filter((call) => (expected(call) ?? 0) < 400);

      const before = await snapshot();
      const view = await ownerView(alice, ids);
      for (const call of refused) {
        const res = await call.run(member, ids);
        expect(res.status, call.route).toBe(expected(call));
        if (res.status === 404) {
          const unknown = await call.run(member, UNKNOWN);
          expect(res.body, call.route).toEqual(unknown.body);
        } else expectError(res, 403, "forbidden");
      }
      expect(await snapshot()).toEqual(before);
      expect(await ownerView(alice, ids)).toEqual(view);

      for (const call of allowed) {
        const res = await call.run(member, ids);
        expect(res.status, call.route).toBe(expected(call));
      }
      // The reply and a summary run started by a collaborator end before the next test.
      await repliesSettled();
      await summaryRunsSettled();
    });
  }

  it("a member whose access was revoked gets the unknown id's 404 everywhere, and changes nothing", async () => {
    const { member, ids } = await sharedWith("collaborator", "Alice revokes");
    expect((await member.get(`/api/chat-sessions/${ids.sessionId}`)).status).toBe(200);
    const removed = await alice.delete(
      `/api/chat-sessions/${ids.sessionId}/shares/${member.userId}`,
    );
    expect(removed.status).toBe(200);
    const before = await snapshot();
    const view = await ownerView(alice, ids);
    for (const call of CALLS) {
      const res = await call.run(member, ids);
      const unknown = await call.run(member, UNKNOWN);
      expect(res.status, call.route).toBe(404);
      expect(res.body, call.route).toEqual(unknown.body);
    }
    expect(await snapshot()).toEqual(before);
    expect(await ownerView(alice, ids)).toEqual(view);
    expect((await member.get("/api/shared")).body.sharedSessions).toEqual([]);
  });

  it("finds nothing of the owner's by searching, nor in their own exports; /api/shared lists the session", async () => {
    const { member, ids } = await sharedWith("collaborator", "Alice searchable");
    for (const q of ["private", ids.messageContent]) {
      const res = await member.get(`/api/search?${new URLSearchParams({ q, limit: "50" })}`);
      expect(res.status, q).toBe(200);
      expect(res.body.results, q).toEqual([]);
    }
    const account = await member.get("/api/export");
    expect(account.status).toBe(200);
    for (const secret of [ids.sessionId, ids.projectId, ids.messageContent])
      expect(String(account.body)).not.toContain(secret);
    const shared = await member.get("/api/shared");
    expect(shared.body.sharedSessions.map((s: any) => s.chatSession.id)).toEqual([ids.sessionId]);
  });

  it("hears the session's events on /api/events, and a stranger does not", async () => {
    const { member, ids } = await sharedWith("viewer", "Alice live");
    const stranger = await signUp();
    const memberTab = await openEvents(member.cookie);
    const strangerTab = await openEvents(stranger.cookie);
    try {
      await alice.post("/api/chat-messages", {
        chatSessionId: ids.sessionId,
        role: "user",
        content: "heard by members",
      });
      await memberTab.next((e) => e.type === "message" && e.message.content === "heard by members");
      // Told of its own share (sent after the message): the stranger's stream holds nothing.
      await alice.post(`/api/chat-sessions/${ids.sessionId}/shares`, {
        email: stranger.email,
        role: "viewer",
      });
      const first = await strangerTab.next((e) => e.type === "access" || e.type === "message");
      expect(first.type).toBe("access");
    } finally {
      memberTab.close();
      strangerTab.close();
    }
    await expectAnonymousEvents();
  });
});

/** /api/events without a cookie: 401, like every route. */
async function expectAnonymousEvents() {
  const anonymous = await client().get("/api/events");
  expectError(anonymous, 401, "unauthorized");
}

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

describe("a holder of a read-only link", () => {
  it("gets nothing through the API with its token: 401 signed out, a stranger's 404 signed in", async () => {
    const link = await alice.post(`/api/chat-sessions/${aliceIds.sessionId}/links`, {
      mode: "live",
    });
    expect(link.status).toBe(201);
    const { token } = link.body.link;
    // However the token is sent, only the page /s/<token> reads it.
    const withToken = { authorization: `Bearer ${token}`, "x-share-token": token };
    const before = await snapshot();
    const anonymous = client();
    for (const call of CALLS) {
      expectError(await call.run(anonymous, aliceIds, withToken), 401, "unauthorized");
      const unknown = await call.run(bob, UNKNOWN);
      const held = await call.run(bob, aliceIds, withToken);
      expect(held.status, call.route).toBe(404);
      expect(held.body, call.route).toEqual(unknown.body);
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
