// Versions under concurrency: two tabs editing one message at once, a regenerate or a delete
// while a reply streams, and a burst of mixed writes. Whatever the interleaving: no orphaned
// or doubled rows, no reply left streaming, and the active branch a valid path whose length
// is the session's messageCount.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Client, client, request, sessionCookie, signUp } from "../helpers/app";
import { chatBody, newId, sessionFor, settledReply } from "../helpers/chat";
import { sqlRows } from "../helpers/sql";
import { readChunks } from "../helpers/ui-stream";

process.env.AI_PROVIDER = "offline";
// Paced so a second request lands while the first reply streams (~150 words: ~0.5 s).
process.env.AI_OFFLINE_CHUNK_DELAY_MS = "3";
process.env.CHAT_RATE_LIMIT_PER_MINUTE = "1000";

type User = Awaited<ReturnType<typeof signUp>>;

interface Row {
  id: string;
  parent_id: string | null;
  seq: number;
  depth: number;
  role: string;
  status: string;
}

let signIns = 0;
async function secondTab(user: User): Promise<Client> {
  signIns += 1;
  const res = await request("POST", "/api/auth/sign-in/email", undefined, {
    body: { email: user.email, password: user.password },
    headers: { "x-forwarded-for": `10.78.0.${signIns}` },
  });
  return client(sessionCookie(res.headers));
}

/** Sends a question to the model and reads its stream to the end: the reply's id. */
async function ask(user: Client, body: Record<string, unknown>) {
  const res = await user.stream("/api/chat", body);
  expect(res.status).toBe(200);
  const chunks = await readChunks(res);
  return String(chunks.find((c) => c.type === "start")?.messageId);
}

async function waitUntilNothingStreams(chatSessionId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await sqlRows<{ n: number }>(
      sql`select count(*)::int as n from chat_messages
          where chat_session_id = ${chatSessionId} and status = 'streaming'`,
    );
    if (row?.n === 0) return;
    if (Date.now() > deadline) throw new Error("a reply is still streaming");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The session's tree is whole and its active branch valid: every parent in the session, older
 * and one level up; the active leaf a real leaf whose depth is messageCount; the spec's list
 * that leaf's path; nothing streaming.
 */
async function expectValidTree(user: Client, chatSessionId: string) {
  await waitUntilNothingStreams(chatSessionId);
  const rows = await sqlRows<Row>(
    sql`select id, parent_id, seq, depth, role, status from chat_messages
        where chat_session_id = ${chatSessionId} order by seq`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const row of rows) {
    if (row.parent_id === null) {
      expect(row.depth, row.id).toBe(1);
      continue;
    }
    const parent = byId.get(row.parent_id);
    expect(parent, `${row.id}'s parent ${row.parent_id}`).toBeDefined();
    expect(row.seq).toBeGreaterThan(parent?.seq ?? Infinity);
    expect(row.depth).toBe((parent?.depth ?? 0) + 1);
  }
  const [session] = await sqlRows<{ active_leaf_id: string | null; message_count: number }>(
    sql`select active_leaf_id, message_count from chat_sessions where id = ${chatSessionId}`,
  );
  const path: string[] = [];
  for (let at = session?.active_leaf_id ?? null; at !== null; ) {
    const row = byId.get(at);
    expect(row, `path message ${at}`).toBeDefined();
    path.unshift(at);
    at = row?.parent_id ?? null;
  }
  if (session?.active_leaf_id) {
    expect(rows.some((r) => r.parent_id === session.active_leaf_id)).toBe(false);
  } else expect(rows).toEqual([]);
  expect(session?.message_count).toBe(path.length);
  const listed = await user.get(`/api/chat-messages?chatSessionId=${chatSessionId}`);
  expect(listed.body.messages.map((m: { id: string }) => m.id)).toEqual(path);
  expect(rows.filter((r) => r.status === "streaming")).toEqual([]);
  return { rows, path };
}

/** q1 → r1 → q2 → r2 through the model. */
async function twoTurns(user: Client) {
  const { chatSession } = await sessionFor(user);
  const q1 = newId("q1");
  const q2 = newId("q2");
  const r1 = await ask(user, chatBody(chatSession.id, "first question", q1));
  const r2 = await ask(user, chatBody(chatSession.id, "second question", q2));
  await waitUntilNothingStreams(chatSession.id);
  return { chatSessionId: chatSession.id, q1, r1, q2, r2 };
}

describe("versions under concurrency", () => {
  it("two tabs editing the same question at once: two versions beside it, each answered once", async () => {
    const alice = await signUp();
    const [laptop, phone] = [await secondTab(alice), await secondTab(alice)];
    for (let round = 0; round < 3; round++) {
      const s = await twoTurns(alice);
      const edits = [newId("laptop"), newId("phone")];
      const replies = await Promise.all(
        [laptop, phone].map((tab, i) =>
          ask(tab, { ...chatBody(s.chatSessionId, `edit ${i}`, edits[i]), editOf: s.q2 }),
        ),
      );
      const { rows, path } = await expectValidTree(alice, s.chatSessionId);
      expect(rows).toHaveLength(8);
      for (const [i, edit] of edits.entries()) {
        expect(rows.find((r) => r.id === edit)?.parent_id).toBe(s.r1);
        expect(rows.find((r) => r.id === replies[i])).toMatchObject({
          parent_id: edit,
          status: "complete",
        });
      }
      // The branch ends on whichever edit came last, through it.
      expect(path).toHaveLength(4);
      expect(edits).toContain(path[2]);
      const listed = (await alice.get(`/api/chat-messages?chatSessionId=${s.chatSessionId}`)).body
        .messages;
      expect(listed[2].siblingIds).toEqual([
        s.q2,
        ...rows.filter((r) => edits.includes(r.id)).map((r) => r.id),
      ]);
    }
  });

  it("the same edit sent from two tabs at once: stored once, answered once", async () => {
    const alice = await signUp();
    const phone = await secondTab(alice);
    const s = await twoTurns(alice);
    const body = { ...chatBody(s.chatSessionId, "one edit", newId("edit")), editOf: s.q2 };
    const replies = await Promise.all([ask(alice, body), ask(phone, body), ask(alice, body)]);
    expect(new Set(replies).size).toBe(1);
    const { rows } = await expectValidTree(alice, s.chatSessionId);
    expect(rows).toHaveLength(6);
  });

  it("a regenerate while the reply streams: a second version; the first still ends, neither streams", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const question = chatBody(chatSession.id, "answer me twice", newId("q"));
    const first = await alice.stream("/api/chat", question);
    const reader = (first.body as ReadableStream<Uint8Array>).getReader();
    const opening = new TextDecoder().decode((await reader.read()).value);
    const firstReply = /"messageId":"([^"]+)"/.exec(opening)?.[1] ?? "";
    const second = await ask(alice, { ...question, trigger: "regenerate-message" });
    while (!(await reader.read()).done) {}
    expect(second).not.toBe(firstReply);
    expect(await settledReply(firstReply)).toMatchObject({ status: "complete" });
    const { rows, path } = await expectValidTree(alice, chatSession.id);
    expect(rows.map((r) => [r.id, r.parent_id])).toEqual([
      [question.message.id, null],
      [firstReply, question.message.id],
      [second, question.message.id],
    ]);
    expect(path).toEqual([question.message.id, second]);
  });

  it("a delete while the reply streams: the reply stops, its rows go, nothing is left behind", async () => {
    const alice = await signUp();
    for (let round = 0; round < 3; round++) {
      const s = await twoTurns(alice);
      const res = await alice.stream("/api/chat", chatBody(s.chatSessionId, "third", newId("q3")));
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      // The question being answered, its parent, or the whole session's first message.
      const target = [s.r2, s.q2, s.q1][round] ?? s.q1;
      const deleted = await alice.delete(`/api/chat-messages/${target}`);
      expect(deleted.status).toBe(200);
      while (!(await reader.read()).done) {}
      const { rows, path } = await expectValidTree(alice, s.chatSessionId);
      expect(rows.map((r) => r.id)).toEqual(path);
      expect(path).toEqual([[s.q1, s.r1, s.q2], [s.q1, s.r1], []][round]);
    }
  });

  it("a burst of posts, switches, edits, fixes and deletes from two tabs leaves a valid tree", async () => {
    const alice = await signUp();
    const phone = await secondTab(alice);
    const s = await twoTurns(alice);
    const known = [s.q1, s.r1, s.q2, s.r2];
    const pick = (i: number) => known[(i * 7) % known.length] ?? s.q1;
    const ops = Array.from({ length: 30 }, (_, i) => {
      const tab = i % 2 ? phone : alice;
      switch (i % 6) {
        case 0:
          return tab.post("/api/chat-messages", {
            chatSessionId: s.chatSessionId,
            role: i % 4 ? "user" : "assistant",
            content: `post ${i}`,
            id: `burst-${s.chatSessionId}-${i}`,
          });
        case 1:
          return tab.post(`/api/chat-sessions/${s.chatSessionId}/active-branch`, {
            messageId: pick(i),
          });
        case 2:
          return tab.post("/api/chat-messages", {
            chatSessionId: s.chatSessionId,
            role: "user",
            content: `fork ${i}`,
            parentId: pick(i),
          });
        case 3:
          return tab.patch(`/api/chat-messages/${s.r1}`, { content: `fixed ${i}` });
        case 4:
          return tab.delete(`/api/chat-messages/burst-${s.chatSessionId}-${i - 4}`);
        default:
          return tab.post("/api/chat", {
            ...chatBody(s.chatSessionId, `edit ${i}`, newId("edit")),
            editOf: s.q2,
          });
      }
    });
    // Each answer is read to its end, a stream's too: every reply has ended by then.
    const results = await Promise.all(ops);
    for (const res of results) expect([200, 201, 404]).toContain(res.status);
    await expectValidTree(alice, s.chatSessionId);
    const [count] = await sqlRows<{ n: number }>(
      sql`select count(*)::int as n from chat_messages where id like ${`burst-${s.chatSessionId}-%`}`,
    );
    expect(count?.n).toBeLessThanOrEqual(5);
  });
});
