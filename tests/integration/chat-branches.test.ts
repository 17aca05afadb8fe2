// Messages with versions: an edited question and a regenerated reply become siblings of what
// they replace, the old ones stay, the spec's reads answer the active branch, the model sees
// that branch only, retries create nothing new, and bad input changes nothing.

import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { summaryRunsSettled } from "@/server/summaries/summarize-session";
import { type Client, signUp } from "../helpers/app";
import { chatBody, newId, sessionFor, sessionRows, settledReply } from "../helpers/chat";
import { fakeProviderForFile } from "../helpers/fake-openai";
import { openEvents } from "../helpers/live";
import { sqlRows } from "../helpers/sql";
import { readChunks } from "../helpers/ui-stream";

const fake = await fakeProviderForFile();

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
    await summaryRunsSettled(); // the summaries the turns above started
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

/** q1 → r1 → q2 → r2, then q2 edited into q2b → r2b (the active branch). */
async function edited(user: Client) {
  const s = await twoTurns(user);
  const q2b = newId("q2b");
  const r2b = await ask(user, {
    ...chatBody(s.chatSessionId, "second, edited", q2b),
    editOf: s.q2,
  });
  return { ...s, q2b, r2b };
}

function switchTo(user: Client, chatSessionId: string, messageId: string, limit?: number) {
  return user.post(`/api/chat-sessions/${chatSessionId}/active-branch`, {
    messageId,
    ...(limit && { limit }),
  });
}

describe("switching versions (POST /api/chat-sessions/{id}/active-branch)", () => {
  it("shows the other version's branch, answers its newest page, and switches back", async () => {
    const alice = await signUp();
    const s = await edited(alice);
    const res = await switchTo(alice, s.chatSessionId, s.q2);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ activeLeafId: s.r2, messageCount: 4, prevCursor: null });
    expect(res.body.messages.map((m: Listed) => m.id)).toEqual([s.q1, s.r1, s.q2, s.r2]);
    expect(res.body.messages[2]).toMatchObject({ siblingIndex: 1, siblingIds: [s.q2, s.q2b] });
    expect(await branch(alice, s.chatSessionId)).toEqual(res.body.messages);
    expect(await counted(alice, s.projectId, s.chatSessionId)).toBe(4);

    const back = await switchTo(alice, s.chatSessionId, s.q2b);
    expect(back.body.activeLeafId).toBe(s.r2b);
    expect((await branch(alice, s.chatSessionId)).map((m) => m.id)).toEqual([
      s.q1,
      s.r1,
      s.q2b,
      s.r2b,
    ]);
  });

  it("lands where the user last was below the version, not on its first reply", async () => {
    const alice = await signUp();
    const s = await edited(alice);
    const q3 = newId("q3");
    const r3 = await ask(alice, chatBody(s.chatSessionId, "third, on the edited branch", q3));
    await switchTo(alice, s.chatSessionId, s.q2);
    // Back to the edited question: the branch continues to q3 → r3, where the user was.
    const back = await switchTo(alice, s.chatSessionId, s.q2b);
    expect(back.body).toMatchObject({ activeLeafId: r3, messageCount: 6 });
    // A new question on the old version, then back again: each side keeps its own place.
    await switchTo(alice, s.chatSessionId, s.q2);
    const q3old = newId("q3old");
    const r3old = await ask(alice, chatBody(s.chatSessionId, "third, on the old branch", q3old));
    expect((await switchTo(alice, s.chatSessionId, s.q2b)).body.activeLeafId).toBe(r3);
    expect((await switchTo(alice, s.chatSessionId, s.q2)).body.activeLeafId).toBe(r3old);
    // Switching to a version deeper down lands below it too.
    expect((await switchTo(alice, s.chatSessionId, q3)).body.activeLeafId).toBe(r3);
  });

  it("pages the answer with limit; prevCursor continues through GET /api/chat-messages", async () => {
    const alice = await signUp();
    const s = await edited(alice);
    const res = await switchTo(alice, s.chatSessionId, s.q2, 3);
    expect(res.body.messages.map((m: Listed) => m.id)).toEqual([s.r1, s.q2, s.r2]);
    const older = await alice.get(
      `/api/chat-messages?chatSessionId=${s.chatSessionId}&limit=3&before=${res.body.prevCursor}`,
    );
    expect(older.body).toMatchObject({ prevCursor: null });
    expect(older.body.messages.map((m: Listed) => m.id)).toEqual([s.q1]);
  });

  it("changes nothing for a message already on the active branch, and tells the other tabs of a real switch", async () => {
    const alice = await signUp();
    const s = await edited(alice);
    const tab = await openEvents(alice.cookie);
    try {
      const rows = await sessionRows(s.chatSessionId);
      const same = await switchTo(alice, s.chatSessionId, s.r1);
      expect(same.body).toMatchObject({ activeLeafId: s.r2b, messageCount: 4 });
      expect(await sessionRows(s.chatSessionId)).toEqual(rows);
      await switchTo(alice, s.chatSessionId, s.q2);
      const event = await tab.next((e) => e.type === "branch");
      expect(event).toEqual({
        type: "branch",
        projectId: s.projectId,
        chatSessionId: s.chatSessionId,
        activeLeafId: s.r2,
        messageCount: 4,
      });
    } finally {
      tab.close();
    }
  });

  it("answers 404 for a message not in the session, and 400 for a bad body, changing nothing", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const s = await edited(alice);
    const other = await twoTurns(alice);
    const bobs = await twoTurns(bob);
    const before = await sqlRows(sql`select * from chat_sessions where id = ${s.chatSessionId}`);
    for (const messageId of ["no-such-message", other.q2, bobs.q2]) {
      const res = await switchTo(alice, s.chatSessionId, messageId);
      expect(res.status, messageId).toBe(404);
      expect(res.body.error).toEqual({ code: "not_found", message: "Message not found" });
    }
    for (const body of [{}, { messageId: "a b" }, { messageId: s.q2, limit: 0 }]) {
      const res = await alice.post(`/api/chat-sessions/${s.chatSessionId}/active-branch`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await sqlRows(sql`select * from chat_sessions where id = ${s.chatSessionId}`)).toEqual(
      before,
    );
  });
});

describe("fixing a reply by hand (PATCH /api/chat-messages/{id})", () => {
  it("replaces a reply's text, marks it complete, and tells the other tabs", async () => {
    const alice = await signUp();
    const s = await edited(alice);
    await sqlRows(sql`update chat_messages set status = 'partial' where id = ${s.r2b}`);
    const tab = await openEvents(alice.cookie);
    try {
      const res = await alice.patch(`/api/chat-messages/${s.r2b}`, { content: "Fixed text." });
      expect(res.status).toBe(200);
      expect(res.body.message).toMatchObject({
        id: s.r2b,
        parentId: s.q2b,
        role: "assistant",
        content: "Fixed text.",
        status: "complete",
        siblingIds: [s.r2b],
      });
      expect((await branch(alice, s.chatSessionId)).at(-1)).toEqual(res.body.message);
      const event = await tab.next((e) => e.type === "message" && e.message.id === s.r2b);
      expect(event.message.content).toBe("Fixed text.");
    } finally {
      tab.close();
    }
  });

  it("refuses a question (409: edit it through POST /api/chat), a missing or foreign message (404) and bad content (400), changing nothing", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const s = await edited(alice);
    const bobs = await twoTurns(bob);
    await summaryRunsSettled(); // the summaries the turns above started
    const snapshot = () => sqlRows(sql`select * from chat_messages order by user_id, id`);
    const before = await snapshot();
    const question = await alice.patch(`/api/chat-messages/${s.q2b}`, { content: "sneaky" });
    expect(question.status).toBe(409);
    expect(question.body.error.code).toBe("conflict");
    expect(question.body.error.message).toContain("editOf");
    for (const id of ["no-such-message", bobs.r1]) {
      const res = await alice.patch(`/api/chat-messages/${id}`, { content: "x" });
      expect(res.status, id).toBe(404);
      expect(res.body.error).toEqual({ code: "not_found", message: "Message not found" });
    }
    for (const body of [{}, { content: "" }, { content: "nul\u0000" }]) {
      expect((await alice.patch(`/api/chat-messages/${s.r2b}`, body)).status).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a reply still being written (409)", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    fake.behaviour.delayMs = 40;
    const res = await alice.stream("/api/chat", chatBody(chatSession.id, "take your time"));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const replyId = /"messageId":"([^"]+)"/.exec(first)?.[1] ?? "";
    const patched = await alice.patch(`/api/chat-messages/${replyId}`, { content: "too early" });
    expect(patched.status).toBe(409);
    while (!(await reader.read()).done) {}
    expect(await settledReply(replyId)).toMatchObject({
      status: "complete",
      content: fake.behaviour.words.join(" "),
    });
  });
});

describe("deleting (DELETE /api/chat-messages/{id})", () => {
  it("deletes a version on the active branch with everything after it; the branch moves to the other version", async () => {
    const alice = await signUp();
    const s = await edited(alice);
    await ask(alice, chatBody(s.chatSessionId, "third", newId("q3")));
    const tab = await openEvents(alice.cookie);
    try {
      const res = await alice.delete(`/api/chat-messages/${s.q2b}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ deletedCount: 4, activeLeafId: s.r2, messageCount: 4 });
      expect((await branch(alice, s.chatSessionId)).map((m) => m.id)).toEqual([
        s.q1,
        s.r1,
        s.q2,
        s.r2,
      ]);
      expect((await branch(alice, s.chatSessionId))[2]?.siblingIds).toEqual([s.q2]);
      expect((await sessionRows(s.chatSessionId)).map((r) => r.id)).toEqual([
        s.q1,
        s.r1,
        s.q2,
        s.r2,
      ]);
      expect(await counted(alice, s.projectId, s.chatSessionId)).toBe(4);
      expect(await tab.next((e) => e.type === "message-deleted")).toEqual({
        type: "message-deleted",
        projectId: s.projectId,
        chatSessionId: s.chatSessionId,
        messageId: s.q2b,
        deletedCount: 4,
        activeLeafId: s.r2,
      });
      expect(await tab.next((e) => e.type === "branch")).toMatchObject({ activeLeafId: s.r2 });
    } finally {
      tab.close();
    }
  });

  it("deletes a version off the active branch without moving it; a second delete is 404", async () => {
    const alice = await signUp();
    const s = await edited(alice);
    const res = await alice.delete(`/api/chat-messages/${s.q2}`);
    expect(res.body).toEqual({ deletedCount: 2, activeLeafId: s.r2b, messageCount: 4 });
    const listed = await branch(alice, s.chatSessionId);
    expect(listed.map((m) => m.id)).toEqual([s.q1, s.r1, s.q2b, s.r2b]);
    expect(listed[2]).toMatchObject({ siblingCount: 1, siblingIndex: 1 });
    const rows = await sessionRows(s.chatSessionId);
    const again = await alice.delete(`/api/chat-messages/${s.q2}`);
    expect(again.status).toBe(404);
    expect(again.body.error).toEqual({ code: "not_found", message: "Message not found" });
    expect(await sessionRows(s.chatSessionId)).toEqual(rows);
  });

  it("empties a session by deleting its first message; the next message starts it again", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    expect((await alice.delete(`/api/chat-messages/${s.q1}`)).body).toEqual({
      deletedCount: 4,
      activeLeafId: null,
      messageCount: 0,
    });
    expect(await branch(alice, s.chatSessionId)).toEqual([]);
    expect(await counted(alice, s.projectId, s.chatSessionId)).toBe(0);
    const res = await alice.post("/api/chat-messages", {
      chatSessionId: s.chatSessionId,
      role: "user",
      content: "again",
    });
    expect(res.body.message).toMatchObject({ parentId: null, siblingIds: [res.body.message.id] });
  });

  it("ends the branch at the parent when the deleted message had no other version", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    expect((await alice.delete(`/api/chat-messages/${s.r2}`)).body).toEqual({
      deletedCount: 1,
      activeLeafId: s.q2,
      messageCount: 3,
    });
    // The question is the leaf now: asking it again answers it under it.
    const again = await ask(alice, chatBody(s.chatSessionId, "second question", s.q2));
    expect((await branch(alice, s.chatSessionId)).map((m) => m.id)).toEqual([
      s.q1,
      s.r1,
      s.q2,
      again,
    ]);
  });

  it("refuses another user's message and a bad id with 404, changing nothing", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const s = await twoTurns(alice);
    const before = await sessionRows(s.chatSessionId);
    for (const id of [s.q1, "no-such-message"]) {
      const res = await bob.delete(`/api/chat-messages/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: "not_found", message: "Message not found" });
    }
    expect((await alice.delete("/api/chat-messages/not%20an%20id")).status).toBe(404);
    expect(await sessionRows(s.chatSessionId)).toEqual(before);
  });

  it("stops a reply being written in the deleted part; its writer's last save changes nothing", async () => {
    const alice = await signUp();
    const s = await twoTurns(alice);
    fake.behaviour.delayMs = 40;
    fake.behaviour.words = Array.from({ length: 50 }, (_, i) => `w${i}`);
    const res = await alice.stream("/api/chat", chatBody(s.chatSessionId, "long one", newId("q3")));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const replyId = /"messageId":"([^"]+)"/.exec(first)?.[1] ?? "";
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const deleted = await alice.delete(`/api/chat-messages/${s.q2}`);
      expect(deleted.body).toEqual({ deletedCount: 4, activeLeafId: s.r1, messageCount: 2 });
      // The stream ends early: the reply was stopped, not written to its end.
      let text = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).not.toContain("w49");
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([]);
    expect(await settledReply(replyId)).toBeNull();
    expect((await sessionRows(s.chatSessionId)).map((r) => [r.id, r.status])).toEqual([
      [s.q1, "complete"],
      [s.r1, "complete"],
    ]);
  });
});
