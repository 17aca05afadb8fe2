// Opening a session at a message (a search hit): GET /api/chat-messages with `around` answers
// the page of the active branch centred on it, and `before` / `after` page from there both
// ways to the ends; a message on another version is reached by switching to it first.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { messageListBody } from "@/lib/contract/bodies";
import { getDatabase } from "@/server/db";
import { ancestorAtDepth } from "@/server/queries/chat-tree";
import { skipDepthsSql } from "@/server/queries/skip-pointers";
import { type Client, signUp } from "../helpers/app";

type User = Awaited<ReturnType<typeof signUp>>;

/** Messages in the long session's active branch: m1 … m2000. */
const LENGTH = 2_000;
/** Every 100th message has another version (v<g>-0) with two messages after it. */
const BRANCH_EVERY = 100;

let alice: User;
let bob: User;
let projectId: string;
let longSession: string;

/** One linear branch of LENGTH messages, and a version beside every BRANCH_EVERY-th. */
async function seedLongSession(userId: string, chatSessionId: string) {
  const { db } = await getDatabase();
  await db.execute(sql`
    insert into chat_messages (id, user_id, chat_session_id, seq, parent_id, depth, role, content, created_at)
    select 'm' || g, ${userId}, ${chatSessionId}, g, case when g > 1 then 'm' || (g - 1) end, g,
           case when g % 2 = 1 then 'user' else 'assistant' end,
           'message number ' || g, now() - make_interval(secs => ${LENGTH} - g)
    from generate_series(1, ${LENGTH}) g`);
  await db.execute(sql`
    insert into chat_messages (id, user_id, chat_session_id, seq, parent_id, depth, role, content, created_at)
    select 'v' || g || '-' || k, ${userId}, ${chatSessionId}, ${LENGTH}::int + g * 3 + k,
           case when k = 0 then 'm' || (g - 1) else 'v' || g || '-' || (k - 1) end,
           g + k, case when (g + k) % 2 = 1 then 'user' else 'assistant' end,
           'other version ' || g || '-' || k, now()
    from generate_series(${BRANCH_EVERY}::int, ${LENGTH}::int, ${BRANCH_EVERY}::int) g,
         generate_series(0, 2) k`);
  // Skip pointers, as inserts set them: m<d> points to m<skipDepth(d)>; v<g>-<k> (depth g + k)
  // to its own branch while the skip stays at or below depth g, else to the main one.
  const group = sql.raw("split_part(substr(c.id, 2), '-', 1)::int");
  await db.execute(sql`
    update chat_messages c set skip_id = case
      when c.id like 'm%' or d.skip_depth < ${group} then 'm' || d.skip_depth
      else 'v' || ${group} || '-' || (d.skip_depth - ${group}) end
    from ${sql.raw(skipDepthsSql(String(LENGTH + 3)))} d
    where c.user_id = ${userId} and c.chat_session_id = ${chatSessionId}
      and d.depth = c.depth and d.skip_depth > 0`);
  await db.execute(sql`
    update chat_sessions set message_count = ${LENGTH}, last_message_seq = ${LENGTH * 4},
      active_leaf_id = ${`m${LENGTH}`} where id = ${chatSessionId}`);
}

interface Page {
  messages: { id: string; siblingCount: number; siblingIds: string[] }[];
  prevCursor?: string | null;
  nextCursor?: string | null;
}

async function read(user: Client, query: string) {
  const res = await user.get<Page>(`/api/chat-messages?chatSessionId=${longSession}&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  messageListBody.parse(res.body);
  return res.body;
}

const ids = (page: Page) => page.messages.map((m) => m.id);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);

beforeAll(async () => {
  alice = await signUp();
  bob = await signUp();
  projectId = (await alice.post("/api/projects", { name: "Long" })).body.project.id;
  longSession = (await alice.post("/api/chat-sessions", { projectId })).body.chatSession.id;
  await seedLongSession(alice.userId, longSession);
}, 60_000);

describe("ancestorAtDepth", () => {
  it("walks up to the message at a depth, or finds none", async () => {
    const { db } = await getDatabase();
    const userId = alice.userId;
    expect(await ancestorAtDepth(db, { userId, id: "m2000", depth: 1 })).toEqual({
      id: "m1",
      depth: 1,
    });
    expect(await ancestorAtDepth(db, { userId, id: "m2000", depth: 2000 })).toEqual({
      id: "m2000",
      depth: 2000,
    });
    // Every depth the skip pointers can land on or step past on the way.
    for (const depth of [2, 3, 7, 8, 15, 63, 64, 500, 1023, 1024, 1999])
      expect(await ancestorAtDepth(db, { userId, id: "m2000", depth })).toEqual({
        id: `m${depth}`,
        depth,
      });
    expect(await ancestorAtDepth(db, { userId, id: "v500-2", depth: 499 })).toEqual({
      id: "m499",
      depth: 499,
    });
    expect(await ancestorAtDepth(db, { userId, id: "v500-2", depth: 501 })).toEqual({
      id: "v500-1",
      depth: 501,
    });
    expect(await ancestorAtDepth(db, { userId, id: "m10", depth: 11 })).toBeNull();
    expect(await ancestorAtDepth(db, { userId, id: "m10", depth: 0 })).toBeNull();
    expect(await ancestorAtDepth(db, { userId, id: "nope", depth: 1 })).toBeNull();
    // Another user's message is not there at all.
    expect(await ancestorAtDepth(db, { userId: bob.userId, id: "m10", depth: 1 })).toBeNull();
  });
});

describe("around a message", () => {
  it("answers the page centred on it, with cursors both ways", async () => {
    const page = await read(alice, "around=m1000&limit=10");
    expect(ids(page)).toEqual(range(996, 1005));
    expect(page.prevCursor).toEqual(expect.any(String));
    expect(page.nextCursor).toEqual(expect.any(String));
    // Versions come with it: m1000 has another.
    expect(page.messages.find((m) => m.id === "m1000")?.siblingIds).toEqual(["m1000", "v1000-0"]);
    const odd = await read(alice, "around=m1000&limit=5");
    expect(ids(odd)).toEqual(range(998, 1002));
  });

  it("pages from there to both ends, every message once", async () => {
    const start = await read(alice, "around=m1000&limit=200");
    const seen = [...ids(start)];
    let before = start.prevCursor;
    while (before) {
      const page = await read(alice, `before=${before}&limit=200`);
      seen.unshift(...ids(page));
      before = page.prevCursor;
    }
    let after = start.nextCursor;
    while (after) {
      const page = await read(alice, `after=${after}&limit=200`);
      expect(page.prevCursor).toEqual(expect.any(String));
      seen.push(...ids(page));
      after = page.nextCursor;
    }
    expect(seen).toEqual(range(1, LENGTH));
  });

  it("fills the page from the other side near either end", async () => {
    const first = await read(alice, "around=m2&limit=10");
    expect(ids(first)).toEqual(range(1, 10));
    expect(first.prevCursor).toBeNull();
    const last = await read(alice, "around=m1999&limit=10");
    expect(ids(last)).toEqual(range(1991, 2000));
    expect(last.nextCursor).toBeNull();
    // The default page is 50.
    expect(ids(await read(alice, "around=m1000"))).toEqual(range(976, 1025));
  });

  it("answers nothing newer after the newest message", async () => {
    const newest = await read(alice, "limit=1");
    expect(ids(newest)).toEqual(["m2000"]);
    const around = await read(alice, "around=m1999&limit=4");
    expect(ids(around)).toEqual(range(1997, 2000));
    expect(around.nextCursor).toBeNull();
    const fromOlder = await read(alice, "around=m1990&limit=4");
    const next = await read(alice, `after=${fromOlder.nextCursor}&limit=100`);
    expect(ids(next)).toEqual(range(1993, 2000));
    expect(next.nextCursor).toBeNull();
    // A cursor naming the newest message itself: an empty page.
    const atLeaf = Buffer.from(JSON.stringify({ after: "m2000" })).toString("base64url");
    expect(await read(alice, `after=${atLeaf}`)).toEqual({
      messages: [],
      prevCursor: null,
      nextCursor: null,
    });
  });

  it("reaches a hit on another version by switching to it first", async () => {
    const hit = "v500-1";
    const off = await alice.get(
      `/api/chat-messages?chatSessionId=${longSession}&around=${hit}&limit=6`,
    );
    expect(off.status).toBe(409);
    expect(off.body.error.code).toBe("conflict");
    // A cursor from before the switch stops working once its message is off the branch.
    const before = await read(alice, "around=m1500&limit=6");

    const switched = await alice.post(`/api/chat-sessions/${longSession}/active-branch`, {
      messageId: hit,
    });
    expect(switched.status).toBe(200);
    expect(switched.body.activeLeafId).toBe("v500-2");
    const page = await read(alice, `around=${hit}&limit=6`);
    expect(ids(page)).toEqual(["m497", "m498", "m499", "v500-0", "v500-1", "v500-2"]);
    expect(page.nextCursor).toBeNull();
    expect(page.messages.find((m) => m.id === "v500-0")?.siblingIds).toEqual(["m500", "v500-0"]);

    const stale = await alice.get(
      `/api/chat-messages?chatSessionId=${longSession}&after=${before.nextCursor}`,
    );
    expect(stale.status).toBe(409);
    expect(
      (await alice.get(`/api/chat-messages?chatSessionId=${longSession}&around=m1500`)).status,
    ).toBe(409);

    // Back to the long branch: where it was left.
    await alice.post(`/api/chat-sessions/${longSession}/active-branch`, { messageId: "m500" });
    expect(ids(await read(alice, "around=m1500&limit=3"))).toEqual(range(1499, 1501));
  });

  it("answers 404 for a message not in the session, and another user's like a missing one", async () => {
    const other = (await alice.post("/api/chat-sessions", { projectId })).body.chatSession.id;
    const elsewhere = (
      await alice.post("/api/chat-messages", { chatSessionId: other, role: "user", content: "hi" })
    ).body.message.id;
    for (const around of [elsewhere, "unknown-message"]) {
      const res = await alice.get(
        `/api/chat-messages?chatSessionId=${longSession}&around=${around}`,
      );
      expect(res.status, around).toBe(404);
      expect(res.body.error).toEqual({ code: "not_found", message: "Message not found" });
    }
    const foreign = await bob.get(`/api/chat-messages?chatSessionId=${longSession}&around=m1000`);
    const missing = await bob.get("/api/chat-messages?chatSessionId=doesnotexist00&around=m1000");
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    const cursor = Buffer.from(JSON.stringify({ after: "m10" })).toString("base64url");
    expect(
      (await bob.get(`/api/chat-messages?chatSessionId=${longSession}&after=${cursor}`)).status,
    ).toBe(404);
  });

  it("refuses mixed or malformed paging with 400", async () => {
    const page = await read(alice, "around=m1000&limit=4");
    for (const query of [
      `around=m1000&before=${page.prevCursor}`,
      `around=m1000&after=${page.nextCursor}`,
      `before=${page.prevCursor}&after=${page.nextCursor}`,
      `after=${page.prevCursor}`,
      "after=not-a-cursor",
      "around=not%20an%20id",
      "around=m1000&limit=0",
      "around=m1000&limit=201",
    ]) {
      const res = await alice.get(`/api/chat-messages?chatSessionId=${longSession}&${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("bad_request");
    }
  });
});
