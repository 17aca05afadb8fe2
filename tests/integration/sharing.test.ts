// Sharing a session with people: the share endpoints, "shared with me", what each role may do,
// authors on messages, revocation at the next request, and live events for members.
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { signUp } from "../helpers/app";
import {
  chatBody,
  newId,
  repliesSettled,
  sessionFor,
  sessionRows,
  settledReply,
} from "../helpers/chat";
import { type EventFeed, openEvents } from "../helpers/live";
import { sqlRows } from "../helpers/sql";
import { readChunks } from "../helpers/ui-stream";

process.env.SHARE_INVITES_PER_HOUR = "8";
// Paced so a stop request lands mid-reply (the offline reply is ~150 words: ~0.5 s).
process.env.AI_OFFLINE_CHUNK_DELAY_MS = "3";

type User = Awaited<ReturnType<typeof signUp>>;

const feeds: EventFeed[] = [];
afterEach(() => {
  for (const feed of feeds.splice(0)) feed.close();
});
async function listen(cookie: string | undefined) {
  const feed = await openEvents(cookie);
  feeds.push(feed);
  return feed;
}

/** Alice's session shared with Bob as `role`. */
async function sharedSession(role: "viewer" | "collaborator") {
  const alice = await signUp({ name: "Alice" });
  const bob = await signUp({ name: "Bob" });
  const { project, chatSession } = await sessionFor(alice);
  await alice.post("/api/chat-messages", {
    chatSessionId: chatSession.id,
    role: "user",
    content: "Alice's first question",
  });
  const res = await alice.post(`/api/chat-sessions/${chatSession.id}/shares`, {
    email: bob.email,
    role,
  });
  expect(res.status).toBe(201);
  return { alice, bob, project, chatSession };
}

const share = (owner: User, sessionId: string, email: string, role = "viewer") =>
  owner.post(`/api/chat-sessions/${sessionId}/shares`, { email, role });

describe("the share endpoints", () => {
  it("share, list, change a role and remove, each answered as documented", async () => {
    const { alice, bob, chatSession } = await sharedSession("viewer");
    const carol = await signUp({ name: "Carol" });
    const path = `/api/chat-sessions/${chatSession.id}/shares`;

    const again = await share(alice, chatSession.id, bob.email.toUpperCase(), "collaborator");
    expect(again.status).toBe(200);
    expect(again.body.share).toMatchObject({ userId: bob.userId, role: "collaborator" });
    expect((await share(alice, chatSession.id, ` ${carol.email} `)).status).toBe(201);

    const list = await alice.get(path);
    expect(list.status).toBe(200);
    expect(list.body.shares).toEqual([
      expect.objectContaining({
        chatSessionId: chatSession.id,
        userId: bob.userId,
        email: bob.email,
        name: "Bob",
        role: "collaborator",
      }),
      expect.objectContaining({ userId: carol.userId, name: "Carol", role: "viewer" }),
    ]);

    const patched = await alice.patch(`${path}/${carol.userId}`, { role: "collaborator" });
    expect(patched.status).toBe(200);
    expect(patched.body.share.role).toBe("collaborator");
    expect((await alice.delete(`${path}/${carol.userId}`)).status).toBe(200);
    expect((await alice.delete(`${path}/${carol.userId}`)).status).toBe(404);
    expect((await alice.patch(`${path}/${carol.userId}`, { role: "viewer" })).status).toBe(404);
    expect((await alice.get(path)).body.shares.map((s: { userId: string }) => s.userId)).toEqual([
      bob.userId,
    ]);
  });

  it("answers 404 for an email without an account, 400 for your own, 400 for a bad role", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const unknown = await share(alice, chatSession.id, "nobody-here@example.com");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({
      code: "not_found",
      message: "No Craft user has that email",
    });
    expect((await share(alice, chatSession.id, alice.email)).status).toBe(400);
    const badRole = await alice.post(`/api/chat-sessions/${chatSession.id}/shares`, {
      email: alice.email,
      role: "owner",
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.details[0].path).toBe("role");
  });

  it("limits invitations per user, unknown emails included, with Retry-After", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { chatSession } = await sessionFor(alice);
    for (let n = 0; n < 8; n += 1)
      expect((await share(alice, chatSession.id, `probe${n}@example.com`)).status).toBe(404);
    const limited = await share(alice, chatSession.id, bob.email);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await alice.get(`/api/chat-sessions/${chatSession.id}/shares`)).body.shares).toEqual(
      [],
    );
    // Per user: Bob's own invitations still go through.
    const { chatSession: bobs } = await sessionFor(bob);
    expect((await share(bob, bobs.id, alice.email)).status).toBe(201);
  });

  it("lets only the owner manage shares: a member gets 403, a stranger 404", async () => {
    const { bob, chatSession } = await sharedSession("collaborator");
    const stranger = await signUp();
    const path = `/api/chat-sessions/${chatSession.id}/shares`;
    expect((await bob.get(path)).status).toBe(403);
    expect((await share(bob, chatSession.id, stranger.email)).status).toBe(403);
    expect((await bob.patch(`${path}/${bob.userId}`, { role: "collaborator" })).status).toBe(403);
    expect((await stranger.get(path)).status).toBe(404);
    expect((await share(stranger, chatSession.id, bob.email)).status).toBe(404);
    expect((await stranger.delete(`${path}/${bob.userId}`)).status).toBe(404);
  });

  it("lets a member leave, and then they see the session no more", async () => {
    const { alice, bob, chatSession } = await sharedSession("viewer");
    const path = `/api/chat-sessions/${chatSession.id}/shares`;
    expect((await bob.delete(`${path}/${alice.userId}`)).status).toBe(403);
    expect((await bob.delete(`${path}/${bob.userId}`)).status).toBe(200);
    expect((await bob.get(`/api/chat-sessions/${chatSession.id}`)).status).toBe(404);
    expect((await alice.get(path)).body.shares).toEqual([]);
  });
});

describe("shared with me", () => {
  it("lists sessions shared with the user, newest share first, with owner, project and role", async () => {
    const { alice, bob, project, chatSession } = await sharedSession("viewer");
    const { chatSession: second } = await sessionFor(alice);
    expect((await share(alice, second.id, bob.email, "collaborator")).status).toBe(201);

    const res = await bob.get("/api/shared");
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(
      res.body.sharedSessions.map((s: { chatSession: { id: string } }) => s.chatSession.id),
    ).toEqual([second.id, chatSession.id]);
    expect(res.body.sharedSessions[1]).toMatchObject({
      role: "viewer",
      ownerName: "Alice",
      projectName: project.name,
      chatSession: { id: chatSession.id, messageCount: 1, tags: [] },
    });
    const first = await bob.get("/api/shared?limit=1");
    expect(first.body.sharedSessions).toHaveLength(1);
    const rest = await bob.get(`/api/shared?limit=1&cursor=${first.body.nextCursor}`);
    expect(rest.body.sharedSessions[0].chatSession.id).toBe(chatSession.id);
    expect(rest.body.nextCursor).toBeNull();
    expect((await alice.get("/api/shared")).body.sharedSessions).toEqual([]);
  });
});

describe("a collaborator", () => {
  it("reads the session, asks, and gets a reply stored in the owner's session with them as author", async () => {
    const { alice, bob, chatSession } = await sharedSession("collaborator");
    const read = await bob.get(`/api/chat-sessions/${chatSession.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ role: "collaborator", ownerName: "Alice" });
    expect(read.body.chatSession.tags).toEqual([]);

    const questionId = newId("bob-q");
    const res = await bob.stream("/api/chat", chatBody(chatSession.id, "Bob asks", questionId));
    expect(res.status).toBe(200);
    const replyId = (await readChunks(res)).find((c) => c.type === "start")?.messageId;
    await repliesSettled();

    const rows = await sessionRows(chatSession.id);
    expect(rows.map((r) => [r.content.slice(0, 8), r.userId, r.authorId])).toEqual([
      ["Alice's ", alice.userId, null],
      ["Bob asks", alice.userId, bob.userId],
      [expect.any(String), alice.userId, null],
    ]);
    expect(rows[2]?.id).toBe(replyId);
    expect(rows[2]?.status).toBe("complete");

    // Both read the same branch, Bob's question under his name.
    for (const reader of [alice, bob]) {
      const page = await reader.get(`/api/chat-messages?chatSessionId=${chatSession.id}&limit=10`);
      expect(page.status).toBe(200);
      expect(
        page.body.messages.map((m: { authorId: string | null; authorName: string | null }) => [
          m.authorId,
          m.authorName,
        ]),
      ).toEqual([
        [null, null],
        [bob.userId, "Bob"],
        [null, null],
      ]);
    }
    const posted = await bob.post("/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: "user",
      content: "Bob again",
    });
    expect(posted.status).toBe(201);
    expect(posted.body.message).toMatchObject({ authorId: bob.userId, authorName: "Bob" });
  });

  it("may only add to the end: versions, branches, replies of their own, fixes and deletes answer 403", async () => {
    const { alice, bob, chatSession } = await sharedSession("collaborator");
    const [first] = await sessionRows(chatSession.id);
    const firstId = String(first?.id);
    const before = await sessionRows(chatSession.id);
    const refused = [
      await bob.post("/api/chat", { ...chatBody(chatSession.id, "edit"), editOf: firstId }),
      await bob.post("/api/chat", { ...chatBody(chatSession.id, "under"), parentId: firstId }),
      await bob.post("/api/chat", {
        ...chatBody(chatSession.id, "again", firstId),
        trigger: "regenerate-message",
      }),
      await bob.post("/api/chat-messages", {
        chatSessionId: chatSession.id,
        role: "assistant",
        content: "a forged reply",
      }),
      await bob.post("/api/chat-messages", {
        chatSessionId: chatSession.id,
        role: "user",
        content: "elsewhere",
        parentId: firstId,
      }),
      await bob.post(`/api/chat-sessions/${chatSession.id}/active-branch`, { messageId: firstId }),
      await bob.patch(`/api/chat-messages/${firstId}`, { content: "changed" }),
      await bob.delete(`/api/chat-messages/${firstId}`),
      await bob.patch(`/api/chat-sessions/${chatSession.id}`, { name: "Bob's now" }),
      await bob.delete(`/api/chat-sessions/${chatSession.id}`),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    expect(await sessionRows(chatSession.id)).toEqual(before);
    const { name } = (await alice.get(`/api/chat-sessions/${chatSession.id}`)).body.chatSession;
    expect(name).toBe("Alice's first question");
  });

  it("can stop a reply in the shared session, naming the session", async () => {
    const { bob, chatSession } = await sharedSession("collaborator");
    const res = await bob.stream("/api/chat", chatBody(chatSession.id, "a long answer please"));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes('"text-delta"')) seen += decoder.decode((await reader.read()).value);
    const messageId = /"messageId":"([^"]+)"/.exec(seen)?.[1] ?? "";
    // Without the session, only Bob's own replies are looked for: none has this id.
    expect((await bob.post("/api/chat/stop", { messageId })).body).toEqual({ stopped: false });
    const stop = await bob.post("/api/chat/stop", { messageId, chatSessionId: chatSession.id });
    expect(stop.body).toEqual({ stopped: true });
    await reader.cancel();
    const reply = await settledReply(messageId);
    expect(reply?.status).toBe("partial");
  });
});

describe("a viewer", () => {
  it("reads and exports, and every write answers 403 and changes nothing", async () => {
    const { bob, chatSession } = await sharedSession("viewer");
    const read = await bob.get(`/api/chat-sessions/${chatSession.id}`);
    expect(read.body).toMatchObject({ role: "viewer", ownerName: "Alice" });
    expect((await bob.get(`/api/chat-messages?chatSessionId=${chatSession.id}`)).status).toBe(200);
    const exported = await bob.get(`/api/chat-sessions/${chatSession.id}/export?format=json`);
    expect(exported.status).toBe(200);
    expect(exported.body.session.tags).toEqual([]);
    expect(JSON.stringify(exported.body)).toContain("Alice's first question");

    const before = await sessionRows(chatSession.id);
    for (const res of [
      await bob.post("/api/chat", chatBody(chatSession.id, "may I?")),
      await bob.post("/api/chat-messages", {
        chatSessionId: chatSession.id,
        role: "user",
        content: "may I?",
      }),
      await bob.post(`/api/chat-sessions/${chatSession.id}/summary`, {}),
      await bob.post("/api/chat/stop", { messageId: "any", chatSessionId: chatSession.id }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    expect(await sessionRows(chatSession.id)).toEqual(before);
  });
});

describe("revoking", () => {
  it("takes effect at the next request: the former member gets 404 everywhere", async () => {
    const { alice, bob, chatSession } = await sharedSession("collaborator");
    expect(
      (await bob.get(`/api/chat-messages?chatSessionId=${chatSession.id}&limit=5`)).status,
    ).toBe(200);
    expect(
      (await alice.delete(`/api/chat-sessions/${chatSession.id}/shares/${bob.userId}`)).status,
    ).toBe(200);
    for (const res of [
      await bob.get(`/api/chat-sessions/${chatSession.id}`),
      // The page cached for the session is the owner's: it cannot answer a former member.
      await bob.get(`/api/chat-messages?chatSessionId=${chatSession.id}&limit=5`),
      await bob.get(`/api/chat-sessions/${chatSession.id}/export`),
      await bob.post("/api/chat", chatBody(chatSession.id, "still here?")),
    ])
      expect(res.status).toBe(404);
    expect((await bob.get("/api/shared")).body.sharedSessions).toEqual([]);
  });

  it("a role change applies at once", async () => {
    const { alice, bob, chatSession } = await sharedSession("collaborator");
    await alice.patch(`/api/chat-sessions/${chatSession.id}/shares/${bob.userId}`, {
      role: "viewer",
    });
    const res = await bob.post("/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: "user",
      content: "no longer",
    });
    expect(res.status).toBe(403);
  });

  it("deleting the session takes its shares with it", async () => {
    const { alice, bob, chatSession } = await sharedSession("viewer");
    expect((await alice.delete(`/api/chat-sessions/${chatSession.id}`)).status).toBe(200);
    expect((await bob.get(`/api/chat-sessions/${chatSession.id}`)).status).toBe(404);
    const rows = await sqlRows(
      sql`select * from chat_session_shares where chat_session_id = ${chatSession.id}`,
    );
    expect(rows).toEqual([]);
  });
});

describe("live events of a shared session", () => {
  it("reach every member: messages, a streaming reply, renames; then stop at revocation", async () => {
    const { alice, bob, chatSession } = await sharedSession("collaborator");
    const carol = await signUp({ name: "Carol" });
    expect((await share(alice, chatSession.id, carol.email)).status).toBe(201);
    const bobsTab = await listen(bob.cookie);
    const carolsTab = await listen(carol.cookie);
    const alicesTab = await listen(alice.cookie);

    // Bob asks: Alice and Carol see his question and the reply grow to its end.
    const chunks = await readChunks(
      await bob.stream("/api/chat", chatBody(chatSession.id, "Bob asks live")),
    );
    const replyId = chunks.find((c) => c.type === "start")?.messageId;
    for (const tab of [alicesTab, carolsTab, bobsTab]) {
      const question = await tab.next(
        (e) => e.type === "message" && e.message.content === "Bob asks live",
      );
      expect(question.message).toMatchObject({ authorId: bob.userId, authorName: "Bob" });
      await tab.next(
        (e) => e.type === "message" && e.message.id === replyId && e.message.status === "streaming",
      );
      await tab.next(
        (e) => e.type === "message" && e.message.id === replyId && e.message.status === "complete",
      );
    }
    await repliesSettled();

    await alice.patch(`/api/chat-sessions/${chatSession.id}`, { name: "Renamed for all" });
    const renamed = await carolsTab.next(
      (e) => e.type === "session" && e.chatSession.name === "Renamed for all",
    );
    expect(renamed.chatSession.tags).toBeUndefined();

    // Carol is removed: she is told, and hears nothing of the session after.
    await alice.delete(`/api/chat-sessions/${chatSession.id}/shares/${carol.userId}`);
    await carolsTab.next((e) => e.type === "access-revoked" && e.chatSessionId === chatSession.id);
    await alice.patch(`/api/chat-sessions/${chatSession.id}`, { name: "After Carol" });
    await bobsTab.next((e) => e.type === "session" && e.chatSession.name === "After Carol");
    // Then Alice shares another session with Carol: events to one user arrive in order, so by
    // the time that one is there, the rename would have been too.
    const { chatSession: other } = await sessionFor(alice);
    await share(alice, other.id, carol.email);
    const first = await carolsTab.next(
      (e) =>
        (e.type === "access" && e.chatSessionId === other.id) ||
        (e.type === "session" &&
          e.chatSession.id === chatSession.id &&
          e.chatSession.name === "After Carol"),
    );
    expect(first.type).toBe("access");
  });

  it("tells the invitee of a share and of a role change, and the owner's other tabs", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { chatSession } = await sessionFor(alice);
    const bobsTab = await listen(bob.cookie);
    const alicesTab = await listen(alice.cookie);
    await share(alice, chatSession.id, bob.email, "viewer");
    expect(await bobsTab.next((e) => e.type === "access")).toEqual({
      type: "access",
      chatSessionId: chatSession.id,
      role: "viewer",
    });
    await alicesTab.next((e) => e.type === "shares" && e.chatSessionId === chatSession.id);
    await alice.patch(`/api/chat-sessions/${chatSession.id}/shares/${bob.userId}`, {
      role: "collaborator",
    });
    await bobsTab.next((e) => e.type === "access" && e.role === "collaborator");
    // Deleting the session tells its members too (their shares go with it).
    await alice.delete(`/api/chat-sessions/${chatSession.id}`);
    await bobsTab.next((e) => e.type === "session-deleted" && e.chatSessionId === chatSession.id);
  });
});
