// With REDIS_URL: cached reads that still show a user's own writes at once, the chat and sign-in
// rate limits shared by instances, and live events carried by Redis pub/sub.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { redisAuthRateLimitStorage, resetSignInLimiter } from "@/server/auth/rate-limit";
import { getDatabase } from "@/server/db";
import { registerConnection } from "@/server/live/connections";
import { createMemoryRateLimiter } from "@/server/rate-limit/memory";
import { createRedisRateLimiter } from "@/server/rate-limit/redis";
import { request, signUp } from "../helpers/app";
import { sessionFor } from "../helpers/chat";
import { openEvents } from "../helpers/live";

const url = process.env.TEST_REDIS_URL;
if (!url && process.env.CI === "true")
  throw new Error("TEST_REDIS_URL is not set: the Redis suite cannot be skipped in CI");
if (!url) console.log("[redis.test] skipped: set TEST_REDIS_URL=redis://127.0.0.1:6379 to run it");
if (url) process.env.REDIS_URL = url;
process.env.LIVE_CONNECTIONS_PER_USER = "2";

const probe = url ? new Redis(url) : null;
afterAll(() => probe?.quit());

describe.skipIf(!url)("with Redis", () => {
  it("serves a session list from the cache, and a user's write is in their next read", async () => {
    const alice = await signUp();
    const { project, chatSession } = await sessionFor(alice);
    const list = `/api/chat-sessions?projectId=${project.id}&includeMessages=false&limit=10`;
    // The cache is filled after the response (and only once Redis is connected): read until it is.
    let first = await alice.get(list);
    await expect
      .poll(async () => {
        first = await alice.get(list);
        return (await probe?.keys(`craft:c:project:${project.id}:*`))?.length;
      })
      .toBe(1);
    expect(first.body.chatSessions).toHaveLength(1);

    // Behind the app's back the database changes: the cached answer is what comes back.
    const { db } = await getDatabase();
    await db.execute(
      sql`update chat_sessions set name = 'changed behind the cache' where id = ${chatSession.id}`,
    );
    expect((await alice.get(list)).body).toEqual(first.body);

    // Through the app, a write retires the cached answer before it responds.
    await alice.post("/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: "assistant",
      content: "fresh",
    });
    const after = await alice.get(list);
    expect(after.body.chatSessions[0]).toMatchObject({
      name: "changed behind the cache",
      messageCount: 1,
    });
    const newest = await alice.get(`/api/chat-messages?chatSessionId=${chatSession.id}&limit=50`);
    expect(newest.body.messages.map((m: { content: string }) => m.content)).toEqual(["fresh"]);
  });

  it("never serves one user's cached answer to another", async () => {
    const alice = await signUp();
    const mallory = await signUp();
    const { project, chatSession } = await sessionFor(alice);
    await alice.get(`/api/chat-sessions?projectId=${project.id}&includeMessages=false&limit=10`);
    await alice.get(`/api/chat-messages?chatSessionId=${chatSession.id}&limit=50`);
    expect(
      (
        await mallory.get(
          `/api/chat-sessions?projectId=${project.id}&includeMessages=false&limit=10`,
        )
      ).status,
    ).toBe(404);
    expect(
      (await mallory.get(`/api/chat-messages?chatSessionId=${chatSession.id}&limit=50`)).status,
    ).toBe(404);
    await alice.delete(`/api/chat-sessions/${chatSession.id}`);
    expect(
      (await alice.get(`/api/chat-messages?chatSessionId=${chatSession.id}&limit=50`)).status,
    ).toBe(404);
  });

  it("counts the chat rate limit in Redis, across instances", async () => {
    if (!probe) throw new Error("no Redis");
    const options = { limit: 3, windowMs: 60_000, prefix: `craft:test:${Date.now()}:` };
    const instanceA = createRedisRateLimiter(probe, {
      ...options,
      fallback: createMemoryRateLimiter(options),
    });
    const instanceB = createRedisRateLimiter(probe, {
      ...options,
      fallback: createMemoryRateLimiter(options),
    });
    expect(await instanceA.take("user")).toEqual({ ok: true });
    expect(await instanceB.take("user")).toEqual({ ok: true });
    expect(await instanceA.take("user")).toEqual({ ok: true });
    const refused = await instanceB.take("user");
    expect(refused.ok).toBe(false);
    expect(await instanceA.take("someone else")).toEqual({ ok: true });
  });

  it("counts Better Auth's per-address limits in Redis, across instances", async () => {
    if (!probe) throw new Error("no Redis");
    const instanceA = redisAuthRateLimitStorage(probe);
    const instanceB = redisAuthRateLimitStorage(probe);
    const rule = { window: 60, max: 3 };
    const key = `192.0.2.${Math.floor(Math.random() * 250)}|/sign-in/email|${randomUUID()}`;
    const allowed = { allowed: true, retryAfter: null };
    expect(await instanceA.consume(key, rule)).toEqual(allowed);
    expect(await instanceB.consume(key, rule)).toEqual(allowed);
    expect(await instanceA.consume(key, rule)).toEqual(allowed);
    const refused = await instanceB.consume(key, rule);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect(refused.retryAfter).toBeLessThanOrEqual(60);
    expect(await instanceA.consume(`${key}-other`, rule)).toEqual(allowed);
  });

  it("holds the per-account sign-in limit in Redis: a fresh instance still refuses", async () => {
    const ada = await signUp({ email: `redis-${randomUUID()}@example.com` });
    const octet = () => Math.floor(Math.random() * 250);
    const addressBase = `10.${201 + (octet() % 50)}.${octet()}`;
    const signIn = (password: string, n: number) =>
      request("POST", "/api/auth/sign-in/email", undefined, {
        body: { email: ada.email, password },
        headers: { "x-forwarded-for": `${addressBase}.${n}` },
      });
    const limit = 10; // AUTH_RATE_LIMIT_PER_MINUTE's default
    for (let n = 1; n <= limit; n++) expect((await signIn("wrong password", n)).status).toBe(401);
    expect((await signIn(ada.password, limit + 1)).status).toBe(429);

    // Another instance: nothing in its memory, the count in Redis.
    resetSignInLimiter();
    const elsewhere = await signIn(ada.password, limit + 2);
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.body).toMatchObject({ error: { code: "rate_limited" } });
  });

  it("delivers live events through Redis pub/sub", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const seen: string[] = [];
    const spy = new Redis(url ?? "");
    await spy.psubscribe("craft:live:*");
    spy.on("pmessage", (_p, channel) => seen.push(channel));
    const feed = await openEvents(alice.cookie);
    try {
      await alice.patch(`/api/chat-sessions/${chatSession.id}`, { name: "Over Redis" });
      await feed.next((e) => e.type === "session" && e.chatSession.name === "Over Redis");
      expect(seen).toContain(`craft:live:user:${alice.userId}`);
    } finally {
      feed.close();
      await spy.quit();
    }
  });

  it("shares a session's cached page with its members, but never with a former member", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { chatSession } = await sessionFor(alice);
    await alice.post(`/api/chat-sessions/${chatSession.id}/shares`, {
      email: bob.email,
      role: "collaborator",
    });
    const page = `/api/chat-messages?chatSessionId=${chatSession.id}&limit=50`;
    // The owner's read fills the cache (after the response, once Redis is connected).
    await expect
      .poll(async () => {
        await alice.get(page);
        return (await probe?.keys(`craft:c:session:${chatSession.id}:*`))?.length;
      })
      .toBe(1);
    // A collaborator's write retires it: the owner reads it at once.
    await bob.post("/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: "user",
      content: "from Bob",
    });
    const contents = (res: { body: { messages: { content: string }[] } }) =>
      res.body.messages.map((m) => m.content);
    expect(contents(await alice.get(page))).toEqual(["from Bob"]);
    expect(contents(await bob.get(page))).toEqual(["from Bob"]);
    // Removed, Bob is refused at his next read, though the cached page is still there.
    await alice.delete(`/api/chat-sessions/${chatSession.id}/shares/${bob.userId}`);
    expect(await probe?.keys(`craft:c:session:${chatSession.id}:*`)).not.toEqual([]);
    expect((await bob.get(page)).status).toBe(404);
  });

  it("tells a member through Redis of the session's changes, then of their removal", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { chatSession } = await sessionFor(alice);
    await alice.post(`/api/chat-sessions/${chatSession.id}/shares`, {
      email: bob.email,
      role: "viewer",
    });
    const seen: string[] = [];
    const spy = new Redis(url ?? "");
    await spy.psubscribe("craft:live:*");
    spy.on("pmessage", (_p, channel) => seen.push(channel));
    const feed = await openEvents(bob.cookie);
    try {
      await alice.patch(`/api/chat-sessions/${chatSession.id}`, { name: "Shared over Redis" });
      await feed.next((e) => e.type === "session" && e.chatSession.name === "Shared over Redis");
      await alice.delete(`/api/chat-sessions/${chatSession.id}/shares/${bob.userId}`);
      await feed.next((e) => e.type === "access-revoked" && e.chatSessionId === chatSession.id);
      // Both went through Redis (the spy's own connection may hear them a moment later).
      await expect
        .poll(() => seen.filter((c) => c === `craft:live:user:${bob.userId}`).length)
        .toBe(2);
    } finally {
      feed.close();
      await spy.quit();
    }
  });

  it("caps a user's live streams across instances, oldest first, dead instances' first of all", async () => {
    const alice = await signUp();
    const key = `craft:live:conns:${alice.userId}`;
    const first = await openEvents(alice.cookie);
    const second = await openEvents(alice.cookie);
    // What another instance does when Alice opens a tab there: the same registration, in Redis.
    let elsewhereEvicted = false;
    const elsewhere = await registerConnection(alice.userId, () => {
      elsewhereEvicted = true;
    });
    try {
      await first.next((e) => e.type === "superseded");
      await first.ended;
      expect(await probe?.zcard(key)).toBe(2);

      // A closed stream gives its place back.
      second.close();
      await expect.poll(() => probe?.zcard(key)).toBe(1);

      // An instance that died left an entry behind; it is the oldest, so it goes first.
      await probe?.zadd(key, 1, "left-by-a-dead-instance");
      const third = await openEvents(alice.cookie);
      expect(await probe?.zrange(key, 0, -1)).not.toContain("left-by-a-dead-instance");
      await expect(third.next((e) => e.type === "superseded", 300)).rejects.toThrow(/no match/);
      expect(elsewhereEvicted).toBe(false);
      third.close();
    } finally {
      first.close();
      second.close();
      elsewhere();
    }
  });
});
