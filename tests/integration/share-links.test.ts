// Read-only share links: create, list and revoke them (owner only), what a link shows
// (a snapshot of the branch at creation, or the live one), and the per-user limit.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { shareLinkBody, shareLinkListBody } from "@/lib/contract/bodies";
import { getDatabase } from "@/server/db";
import { readSharedSession } from "@/server/queries/share-links";
import { newShareToken, SHARE_TOKEN_PATTERN } from "@/server/share-links/token";
import { type Client, client, signUp } from "../helpers/app";
import { newId, sessionFor } from "../helpers/chat";
import { sqlRows } from "../helpers/sql";

process.env.SHARE_LINK_RATE_LIMIT_PER_HOUR = "6";

const linksOf = (sessionId: string) => `/api/chat-sessions/${sessionId}/links`;

/** A session of `user` holding a question and its reply; their ids. */
async function chatOf(user: Client) {
  const { chatSession } = await sessionFor(user);
  const ids = [newId("q"), newId("a")];
  for (const [i, id] of ids.entries())
    await user.post("/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: i === 0 ? "user" : "assistant",
      content: i === 0 ? "How do I cache this?" : "Use a **memo**.",
      id,
    });
  return { sessionId: chatSession.id as string, ids };
}

async function shared(token: string, take = 500) {
  const { db } = await getDatabase();
  return readSharedSession(db, { token, take });
}

const contents = async (token: string) => (await shared(token))?.messages.map((m) => m.content);

describe("a session's links", () => {
  it("are created (snapshot by default), listed newest first and revoked by their owner", async () => {
    const alice = await signUp({ name: "Alice Example" });
    const { sessionId } = await chatOf(alice);

    const made = await alice.post(linksOf(sessionId), {});
    expect(made.status).toBe(201);
    const { link } = shareLinkBody.parse(made.body);
    expect(link).toMatchObject({ chatSessionId: sessionId, mode: "snapshot" });
    expect(link.token).toMatch(SHARE_TOKEN_PATTERN);
    expect(link.url).toBe(`http://localhost:3000/s/${link.token}`);
    const live = shareLinkBody.parse((await alice.post(linksOf(sessionId), { mode: "live" })).body);

    const listed = shareLinkListBody.parse((await alice.get(linksOf(sessionId))).body);
    expect(listed.links.map((l) => l.id)).toEqual([live.link.id, link.id]);
    expect(listed.links[1]).toEqual(link);

    expect((await alice.delete(`${linksOf(sessionId)}/${link.id}`)).status).toBe(200);
    expect(await shared(link.token)).toBeNull();
    expect(
      (await alice.get(linksOf(sessionId))).body.links.map((l: { id: string }) => l.id),
    ).toEqual([live.link.id]);
    // Gone: a second revoke finds nothing.
    expect((await alice.delete(`${linksOf(sessionId)}/${link.id}`)).status).toBe(404);
  });

  it("go with their session: deleting it deletes them", async () => {
    const alice = await signUp();
    const { sessionId } = await chatOf(alice);
    const { link } = (await alice.post(linksOf(sessionId), { mode: "live" })).body;
    expect((await alice.delete(`/api/chat-sessions/${sessionId}`)).status).toBe(200);
    expect(await shared(link.token)).toBeNull();
  });

  it("refuses a snapshot of an empty session (409) but not a live link to it", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const snapshot = await alice.post(linksOf(chatSession.id), { mode: "snapshot" });
    expect(snapshot.status).toBe(409);
    expect(snapshot.body.error.code).toBe("conflict");
    const live = await alice.post(linksOf(chatSession.id), { mode: "live" });
    expect(live.status).toBe(201);
    expect(await shared(live.body.link.token)).toMatchObject({ messageCount: 0, messages: [] });
  });

  it("refuses a mode it does not know and keys it does not expect (400)", async () => {
    const alice = await signUp();
    const { sessionId } = await chatOf(alice);
    for (const body of [{ mode: "public" }, { mode: "live", token: "mine" }]) {
      const res = await alice.post(linksOf(sessionId), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await alice.get(linksOf(sessionId))).body.links).toEqual([]);
  });
});

describe("another user and an anonymous caller", () => {
  it("get 404 (another user) and 401 (anonymous) for every link route, and change nothing", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { sessionId } = await chatOf(alice);
    const { link } = (await alice.post(linksOf(sessionId), {})).body;
    const rows = () => sqlRows(sql`select * from share_links where chat_session_id = ${sessionId}`);
    const before = await rows();

    for (const [who, status] of [
      [bob, 404],
      [client(), 401],
    ] as const) {
      expect((await who.post(linksOf(sessionId), { mode: "live" })).status).toBe(status);
      expect((await who.get(linksOf(sessionId))).status).toBe(status);
      expect((await who.delete(`${linksOf(sessionId)}/${link.id}`)).status).toBe(status);
    }
    // Not even through a session of their own: a link belongs to its session.
    const { sessionId: bobs } = await chatOf(bob);
    expect((await bob.delete(`${linksOf(bobs)}/${link.id}`)).status).toBe(404);
    expect(await rows()).toEqual(before);
    expect(await contents(link.token)).toHaveLength(2);
  });
});

describe("what a link shows", () => {
  it("a snapshot keeps the branch of its creation; a live link follows the active branch", async () => {
    const alice = await signUp({ name: "Alice Example" });
    const { sessionId, ids } = await chatOf(alice);
    const snapshot = (await alice.post(linksOf(sessionId), { mode: "snapshot" })).body.link;
    const live = (await alice.post(linksOf(sessionId), { mode: "live" })).body.link;
    const both = ["How do I cache this?", "Use a **memo**."];
    expect(await contents(snapshot.token)).toEqual(both);
    expect(await contents(live.token)).toEqual(both);

    await alice.post("/api/chat-messages", {
      chatSessionId: sessionId,
      role: "user",
      content: "And invalidate it?",
    });
    expect(await contents(snapshot.token)).toEqual(both);
    expect(await contents(live.token)).toEqual([...both, "And invalidate it?"]);

    // Another version of the reply: the live link shows the branch now active.
    await alice.post("/api/chat-messages", {
      chatSessionId: sessionId,
      role: "assistant",
      content: "Another answer.",
      parentId: ids[0],
    });
    expect(await contents(snapshot.token)).toEqual(both);
    expect(await contents(live.token)).toEqual([both[0], "Another answer."]);

    const page = await shared(snapshot.token);
    expect(page).toMatchObject({
      mode: "snapshot",
      ownerName: "Alice Example",
      messageCount: 2,
    });
    // The owner's name, nothing else of theirs.
    expect(JSON.stringify(page)).not.toContain(alice.email);
    expect(JSON.stringify(page)).not.toContain(alice.userId);
  });

  it("the newest `take` messages of a long branch, with the branch's length", async () => {
    const alice = await signUp();
    const { sessionId } = await chatOf(alice);
    const { link } = (await alice.post(linksOf(sessionId), { mode: "live" })).body;
    const page = await shared(link.token, 1);
    expect(page?.messageCount).toBe(2);
    expect(page?.messages.map((m) => m.content)).toEqual(["Use a **memo**."]);
  });

  it("nothing once a message of a snapshot is deleted: the link goes with it", async () => {
    const alice = await signUp();
    const { sessionId, ids } = await chatOf(alice);
    const snapshot = (await alice.post(linksOf(sessionId), {})).body.link;
    const live = (await alice.post(linksOf(sessionId), { mode: "live" })).body.link;
    expect((await alice.delete(`/api/chat-messages/${ids[1]}`)).status).toBe(200);
    expect(await shared(snapshot.token)).toBeNull();
    expect(await contents(live.token)).toEqual(["How do I cache this?"]);
    expect(
      (await alice.get(linksOf(sessionId))).body.links.map((l: { id: string }) => l.id),
    ).toEqual([live.id]);
  });

  it("nothing for a token never made", async () => {
    expect(await shared(newShareToken())).toBeNull();
  });
});

describe("tokens", () => {
  it("are 32 random bytes in base64url: 43 characters, never the same twice", () => {
    const tokens = Array.from({ length: 2000 }, newShareToken);
    for (const token of tokens) {
      expect(token).toMatch(SHARE_TOKEN_PATTERN);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});

describe("the limit on making links", () => {
  it("answers a user's seventh link in an hour 429 with Retry-After, making nothing; others are not held", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { sessionId } = await chatOf(alice);
    for (let n = 0; n < 6; n++)
      expect((await alice.post(linksOf(sessionId), { mode: "live" })).status).toBe(201);
    const limited = await alice.post(linksOf(sessionId), { mode: "live" });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await alice.get(linksOf(sessionId))).body.links).toHaveLength(6);
    const { sessionId: bobs } = await chatOf(bob);
    expect((await bob.post(linksOf(bobs), {})).status).toBe(201);
  });
});
