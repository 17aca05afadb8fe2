// Sharing a session with people: the share endpoints, "shared with me", what each role may do,
// authors on messages, revocation at the next request, and live events for members.
import { describe, expect, it } from "vitest";
import { signUp } from "../helpers/app";
import { sessionFor } from "../helpers/chat";

process.env.SHARE_INVITES_PER_HOUR = "8";
process.env.AI_OFFLINE_CHUNK_DELAY_MS = "0";

type User = Awaited<ReturnType<typeof signUp>>;

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
