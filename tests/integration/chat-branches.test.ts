// Messages with versions: an edited question and a regenerated reply become siblings of what
// they replace, the old ones stay, the spec's reads answer the active branch, the model sees
// that branch only, retries create nothing new, and bad input changes nothing.
import { sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { type Client, signUp } from "../helpers/app";
import { chatBody, newId, sessionFor, sessionRows, settledReply } from "../helpers/chat";
import { defaultBehaviour, startFakeOpenAI } from "../helpers/fake-openai";
import { openEvents } from "../helpers/live";
import { sqlRows } from "../helpers/sql";
import { readChunks } from "../helpers/ui-stream";

const fake = await startFakeOpenAI();
process.env.AI_PROVIDER = "openai-compatible";
process.env.AI_BASE_URL = fake.url;
process.env.AI_MODEL = "fake-model";

afterAll(() => fake.close());
beforeEach(() => {
  fake.behaviour = defaultBehaviour();
  fake.requests.length = 0;
});

interface Listed {
  id: string;
  parentId: string | null;
  role: string;
  content: string;
  siblingCount: number;
  siblingIndex: number;
  siblingIds: string[];
}

/** Asks the model (the fake answers `reply`) and waits for the reply to be stored. */
async function ask(user: Client, body: Record<string, unknown>, reply = "an answer") {
  fake.behaviour.words = reply.split(" ");
  const res = await user.stream("/api/chat", body);
  expect(res.status).toBe(200);
  const chunks = await readChunks(res);
  const replyId = String(chunks.find((c) => c.type === "start")?.messageId);
  await settledReply(replyId);
  return replyId;
}

async function branch(user: Client, chatSessionId: string): Promise<Listed[]> {
  const res = await user.get(`/api/chat-messages?chatSessionId=${chatSessionId}`);
  expect(res.status).toBe(200);
  return res.body.messages;
}

const contents = (messages: { content: string }[]) => messages.map((m) => m.content);

/** Requests for replies (a session's title is asked for without streaming). */
const replyRequests = () => fake.requests.filter((r) => r.stream);

/** The conversation the model was sent last, without the system prompt. */
const lastContext = () =>
  (replyRequests().at(-1)?.messages ?? [])
    .filter((m) => m.role !== "system")
    .map((m) => `${m.role}: ${String(m.content)}`);

async function counted(user: Client, projectId: string, chatSessionId: string) {
  const res = await user.get(`/api/chat-sessions?projectId=${projectId}&includeMessages=false`);
  return res.body.chatSessions.find((s: { id: string }) => s.id === chatSessionId)?.messageCount;
}

/** A session holding q1 → r1 → q2 → r2 through the model. */
async function twoTurns(user: Client) {
  const { project, chatSession } = await sessionFor(user);
  const ids = { q1: newId("q1"), q2: newId("q2"), r1: "", r2: "" };
  ids.r1 = await ask(user, chatBody(chatSession.id, "first question", ids.q1), "first answer");
  ids.r2 = await ask(user, chatBody(chatSession.id, "second question", ids.q2), "second answer");
  return { projectId: project.id, chatSessionId: chatSession.id, ...ids };
}

describe("editing a question (POST /api/chat with editOf)", () => {
  it("adds the new version beside the old one, answers it, and keeps the old branch", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    const q2b = newId("q2b");
    const r2b = await ask(
      alice,
      { ...chatBody(s.chatSessionId, "second question, better", q2b), editOf: s.q2 },
      "better answer",
    );

    const listed = await branch(alice, s.chatSessionId);
    expect(contents(listed)).toEqual([
      "first question",
      "first answer",
      "second question, better",
      "better answer",
    ]);
    expect(listed.map((m) => m.parentId)).toEqual([null, s.q1, s.r1, q2b]);
    expect(listed[2]).toMatchObject({ siblingCount: 2, siblingIndex: 2, siblingIds: [s.q2, q2b] });
    expect(listed[3]).toMatchObject({ siblingCount: 1, siblingIndex: 1, siblingIds: [r2b] });
    // The model saw the branch the new question is on, not the version it replaces.
    expect(lastContext()).toEqual([
      "user: first question",
      "assistant: first answer",
      "user: second question, better",
    ]);
    // Nothing was deleted: the old question and its reply are stored beside the new ones.
    expect((await sessionRows(s.chatSessionId)).map((r) => r.id)).toEqual([
      s.q1,
      s.r1,
      s.q2,
      s.r2,
      q2b,
      r2b,
    ]);
    expect(await counted(alice, s.projectId, s.chatSessionId)).toBe(4);
    // The spec's other reads answer the same branch.
    const one = (await alice.get(`/api/chat-sessions/${s.chatSessionId}`)).body.chatSession;
    expect(one.messages).toEqual(listed);
    const all = (await alice.get(`/api/chat-sessions?projectId=${s.projectId}`)).body;
    expect(all.chatSessions[0].messages).toEqual(listed);
  });

  it("edits the first question into a second first message", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    const q1b = newId("q1b");
    await ask(alice, { ...chatBody(s.chatSessionId, "first, again", q1b), editOf: s.q1 });
    const listed = await branch(alice, s.chatSessionId);
    expect(contents(listed)).toEqual(["first, again", "an answer"]);
    expect(listed[0]).toMatchObject({ parentId: null, siblingIds: [s.q1, q1b], siblingIndex: 2 });
    expect(lastContext()).toEqual(["user: first, again"]);
    expect(await counted(alice, s.projectId, s.chatSessionId)).toBe(2);
  });

  it("stores a retried edit once: the same new id creates nothing new", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    const body = { ...chatBody(s.chatSessionId, "edited", newId("q2b")), editOf: s.q2 };
    const first = await ask(alice, body);
    const rows = await sessionRows(s.chatSessionId);
    const asked = replyRequests().length;
    const again = await Promise.all([1, 2, 3].map(() => alice.stream("/api/chat", body)));
    for (const res of again) {
      const chunks = await readChunks(res);
      expect(chunks.find((c) => c.type === "start")?.messageId).toBe(first);
    }
    expect(await sessionRows(s.chatSessionId)).toEqual(rows);
    expect(replyRequests()).toHaveLength(asked);
  });

  it("tells the user's other tabs: the branch moved, then the new question and reply", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    const tab = await openEvents(alice.cookie);
    try {
      const q2b = newId("q2b");
      const r2b = await ask(alice, { ...chatBody(s.chatSessionId, "edited", q2b), editOf: s.q2 });
      const moved = await tab.next((e) => e.type === "branch");
      expect(moved).toEqual({
        type: "branch",
        projectId: s.projectId,
        chatSessionId: s.chatSessionId,
        activeLeafId: r2b,
        messageCount: 4,
      });
      const asked = await tab.next((e) => e.type === "message" && e.message.id === q2b);
      expect(asked.message).toMatchObject({ parentId: s.r1, content: "edited" });
    } finally {
      tab.close();
    }
  });
});

describe("regenerating a reply (trigger: regenerate-message)", () => {
  it("writes a new version beside the old reply, which stays", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    const r2b = await ask(
      alice,
      { ...chatBody(s.chatSessionId, "second question", s.q2), trigger: "regenerate-message" },
      "another answer",
    );
    const listed = await branch(alice, s.chatSessionId);
    expect(contents(listed)).toEqual([
      "first question",
      "first answer",
      "second question",
      "another answer",
    ]);
    expect(listed[3]).toMatchObject({ parentId: s.q2, siblingIds: [s.r2, r2b], siblingIndex: 2 });
    expect(lastContext()).toEqual([
      "user: first question",
      "assistant: first answer",
      "user: second question",
    ]);
    expect((await sessionRows(s.chatSessionId)).map((r) => [r.id, r.status])).toContainEqual([
      s.r2,
      "complete",
    ]);
    expect(await counted(alice, s.projectId, s.chatSessionId)).toBe(4);
  });

  it("regenerates an earlier reply: the new version ends the branch, later messages stay behind", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    const r1b = await ask(alice, {
      ...chatBody(s.chatSessionId, "first question", s.q1),
      trigger: "regenerate-message",
    });
    expect((await branch(alice, s.chatSessionId)).map((m) => m.id)).toEqual([s.q1, r1b]);
    expect(lastContext()).toEqual(["user: first question"]);
    expect(await counted(alice, s.projectId, s.chatSessionId)).toBe(2);
  });

  it("with a replyId, a retried regenerate streams the stored version instead of another", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    const replyId = newId("r2b");
    const body = {
      ...chatBody(s.chatSessionId, "second question", s.q2),
      trigger: "regenerate-message",
      replyId,
    };
    expect(await ask(alice, body, "the version")).toBe(replyId);
    const rows = await sessionRows(s.chatSessionId);
    const asked = replyRequests().length;
    const again = await Promise.all([1, 2].map(() => alice.stream("/api/chat", body)));
    for (const res of again) {
      const chunks = await readChunks(res);
      expect(chunks.find((c) => c.type === "start")?.messageId).toBe(replyId);
      expect(chunks.filter((c) => c.type === "text-delta").map((c) => c.delta)).toEqual([
        "the version",
      ]);
    }
    expect(await sessionRows(s.chatSessionId)).toEqual(rows);
    expect(replyRequests()).toHaveLength(asked);
  });

  it("refuses a replyId another message holds with 409, changing nothing", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    const rows = await sessionRows(s.chatSessionId);
    for (const replyId of [s.q1, s.r1]) {
      const res = await alice.post("/api/chat", {
        ...chatBody(s.chatSessionId, "second question", s.q2),
        trigger: "regenerate-message",
        replyId,
      });
      expect(res.status, replyId).toBe(409);
      expect(res.body.error.code).toBe("conflict");
    }
    expect(await sessionRows(s.chatSessionId)).toEqual(rows);
  });
});

describe("a message under a chosen parent (parentId)", () => {
  it("POST /api/chat-messages starts a branch there, which becomes the active one", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    const res = await alice.post("/api/chat-messages", {
      chatSessionId: s.chatSessionId,
      role: "user",
      content: "a different follow-up",
      parentId: s.r1,
    });
    expect(res.status).toBe(201);
    expect(res.body.message).toMatchObject({
      parentId: s.r1,
      siblingCount: 2,
      siblingIndex: 2,
      siblingIds: [s.q2, res.body.message.id],
    });
    expect((await branch(alice, s.chatSessionId)).map((m) => m.id)).toEqual([
      s.q1,
      s.r1,
      res.body.message.id,
    ]);
    expect(await counted(alice, s.projectId, s.chatSessionId)).toBe(3);
  });

  it("POST /api/chat answers under it, with that branch as the context", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    await ask(alice, { ...chatBody(s.chatSessionId, "after the first", newId()), parentId: s.r1 });
    expect(lastContext()).toEqual([
      "user: first question",
      "assistant: first answer",
      "user: after the first",
    ]);
  });
});

describe("bad input changes nothing", () => {
  it("answers an unknown or foreign parent or edited message with 404, an edited reply with 409, both at once with 400", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const s = await twoTurns(alice);
    const other = await twoTurns(alice);
    const bobs = await twoTurns(bob);
    const snapshot = () => sqlRows(sql`select * from chat_messages order by user_id, id`);
    const sessions = () => sqlRows(sql`select * from chat_sessions order by id`);
    const before = { messages: await snapshot(), sessions: await sessions() };
    const asked = replyRequests().length;
    const question = () => chatBody(s.chatSessionId, "where does this go?", newId());
    const cases: [string, Record<string, unknown>, number, string][] = [
      ["unknown editOf", { ...question(), editOf: "no-such-message" }, 404, "not_found"],
      ["editOf in another session", { ...question(), editOf: other.q2 }, 404, "not_found"],
      ["editOf of another user", { ...question(), editOf: bobs.q2 }, 404, "not_found"],
      ["editOf a reply", { ...question(), editOf: s.r1 }, 409, "conflict"],
      ["unknown parentId", { ...question(), parentId: "no-such-message" }, 404, "not_found"],
      ["parentId in another session", { ...question(), parentId: other.r1 }, 404, "not_found"],
      ["parentId of another user", { ...question(), parentId: bobs.r1 }, 404, "not_found"],
      ["editOf and parentId", { ...question(), editOf: s.q2, parentId: s.r1 }, 400, "bad_request"],
      [
        "a known question under another parent",
        { ...chatBody(s.chatSessionId, "second question", s.q2), parentId: s.q1 },
        409,
        "conflict",
      ],
    ];
    for (const [label, body, status, code] of cases) {
      const res = await alice.post("/api/chat", body);
      expect(res.status, label).toBe(status);
      expect(res.body.error.code, label).toBe(code);
    }
    for (const parentId of ["no-such-message", other.r1, bobs.r1]) {
      const res = await alice.post("/api/chat-messages", {
        chatSessionId: s.chatSessionId,
        role: "user",
        content: "nowhere",
        parentId,
      });
      expect(res.status, parentId).toBe(404);
      expect(res.body.error).toEqual({ code: "not_found", message: "Message not found" });
    }
    expect(replyRequests()).toHaveLength(asked);
    expect({ messages: await snapshot(), sessions: await sessions() }).toEqual(before);
  });
});
