// Two instances of the built app on one PostgreSQL and one Redis behave as one: a write on one
// is read, and heard live, on the other; the chat rate limit and the stop button span both.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { BUILD_AND_START_MS, type RunningApp, startApp } from "../../scripts/app-harness";
import { expect, liveStreamOpened, signIn, test } from "./fixtures";
import { PORTS } from "./ports";

const adminUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;

const database = `craft_multi_${randomBytes(5).toString("hex")}`;
let a: RunningApp;
let b: RunningApp;
let dataDir: string;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

test.beforeAll(async () => {
  // npm test leaves this spec out (tag @services) when they are not set, and says so.
  if (!adminUrl || !redisUrl) throw new Error("needs TEST_DATABASE_URL and TEST_REDIS_URL");
  test.setTimeout(2 * BUILD_AND_START_MS);
  await admin(`create database ${database}`);
  const url = new URL(adminUrl ?? "");
  url.pathname = `/${database}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-multi-"));
  const env = {
    DATABASE_URL: url.toString(),
    REDIS_URL: redisUrl ?? "",
    BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
    CRAFT_DATA_DIR: dataDir,
    AUTH_RATE_LIMIT_PER_MINUTE: "0",
    CHAT_RATE_LIMIT_PER_MINUTE: "4",
    AI_OFFLINE_CHUNK_DELAY_MS: "40",
  };
  a = await startApp({ port: PORTS.instanceA, env });
  b = await startApp({ port: PORTS.instanceB, env });
});

test.afterAll(async () => {
  if (!dataDir) return; // beforeAll stopped before creating anything
  await Promise.all([a?.stop(), b?.stop()]);
  await admin(`drop database if exists ${database} with (force)`);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A user of both instances: the session cookie from one opens the other. */
async function user() {
  const res = await fetch(`${a.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: a.url },
    body: JSON.stringify({
      name: "Multi",
      email: `multi-${Date.now()}-${Math.random()}@example.com`,
      password: "multi password 1",
    }),
  });
  const cookie =
    (res.headers.getSetCookie().find((c) => c.includes("session_token=")) ?? "").split(";")[0] ??
    "";
  const call = async (app: RunningApp, method: string, apiPath: string, body?: unknown) => {
    const response = await fetch(`${app.url}${apiPath}`, {
      method,
      headers: {
        cookie,
        origin: app.url,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response;
  };
  const json = async (app: RunningApp, method: string, apiPath: string, body?: unknown) => {
    const response = await call(app, method, apiPath, body);
    return { status: response.status, body: await response.json() };
  };
  return { cookie, call, json };
}

/** Server-sent events from one instance, as text. */
async function listen(app: RunningApp, cookie: string) {
  const controller = new AbortController();
  const res = await fetch(`${app.url}/api/events`, {
    headers: { cookie },
    signal: controller.signal,
  });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let text = "";
  const waiters = new Set<() => void>();
  const pump = (async () => {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
        for (const wake of waiters) wake();
      }
    } catch {
      // closed
    }
  })();
  return {
    /** Resolves with the ms it took for `fragment` to arrive; rejects after `timeoutMs`. */
    waitFor(fragment: string, timeoutMs = 1_000) {
      const started = Date.now();
      return new Promise<number>((resolve, reject) => {
        const check = () => {
          if (!text.includes(fragment)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(Date.now() - started);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`"${fragment}" not heard within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

test.describe("two instances on one PostgreSQL and one Redis", { tag: "@services" }, () => {
  test("reads on one what was written on the other, and hears it live within a second", async () => {
    const u = await user();
    const { project } = (await u.json(a, "POST", "/api/projects", { name: "Shared" })).body;
    const { chatSession } = (
      await u.json(a, "POST", "/api/chat-sessions", { projectId: project.id })
    ).body;
    // B caches its view first, so the write on A must retire B's cached answer too.
    await u.json(b, "GET", `/api/chat-messages?chatSessionId=${chatSession.id}&limit=50`);
    const feed = await listen(b, u.cookie);
    await feed.waitFor("retry:", 2_000);
    const posted = await u.json(a, "POST", "/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: "user",
      content: "written on A",
    });
    const heardAfter = await feed.waitFor(posted.body.message.id);
    expect(heardAfter).toBeLessThan(1_000);
    const onB = await u.json(
      b,
      "GET",
      `/api/chat-messages?chatSessionId=${chatSession.id}&limit=50`,
    );
    expect(onB.body.messages.map((m: { content: string }) => m.content)).toEqual(["written on A"]);

    await u.json(b, "PATCH", `/api/chat-sessions/${chatSession.id}`, { name: "Renamed on B" });
    expect(
      (await u.json(a, "GET", `/api/chat-sessions/${chatSession.id}`)).body.chatSession.name,
    ).toBe("Renamed on B");
    await feed.close();
  });

  test("shows a message sent through one instance in a tab open on the other", async ({
    browser,
  }) => {
    const u = await user();
    const { project } = (await u.json(a, "POST", "/api/projects", { name: "Live tab" })).body;
    const context = await browser.newContext({ baseURL: b.url });
    await signIn(context, { cookie: u.cookie }, b.url);
    const page = await context.newPage();
    const streamOpened = await liveStreamOpened(page);
    await page.goto(`/projects/${project.id}`);
    await page.waitForURL(/session=/);
    await expect(page.getByTestId("empty-chat")).toBeVisible();
    const sessionId = new URL(page.url()).searchParams.get("session");
    await streamOpened(); // the tab's event stream is connected, to B
    const sent = Date.now();
    await u.json(a, "POST", "/api/chat-messages", {
      chatSessionId: sessionId,
      role: "user",
      content: "hello from instance A",
    });
    await expect(page.getByTestId("message").getByText("hello from instance A")).toBeVisible({
      timeout: 1_000,
    });
    expect(Date.now() - sent).toBeLessThan(1_000);
    await expect(page.getByTestId("current-session-name")).toHaveText("hello from instance A");
    await context.close();
  });

  test("counts the chat rate limit across both, and stops a reply from either", async () => {
    const u = await user();
    const { project } = (await u.json(a, "POST", "/api/projects", { name: "Limits" })).body;
    const { chatSession } = (
      await u.json(a, "POST", "/api/chat-sessions", { projectId: project.id })
    ).body;
    const chat = (app: RunningApp, text: string) =>
      u.call(app, "POST", "/api/chat", {
        chatSessionId: chatSession.id,
        message: {
          id: `m-${randomBytes(6).toString("hex")}`,
          role: "user",
          parts: [{ type: "text", text }],
        },
      });

    // A long reply starts on A; the stop request lands on B.
    const streaming = await chat(a, "a reply to stop");
    const reader = (streaming.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const messageId = /"messageId":"([^"]+)"/.exec(first)?.[1] ?? "";
    expect((await u.json(b, "POST", "/api/chat/stop", { messageId })).body).toEqual({
      stopped: true,
    });
    while (!(await reader.read()).done) {}
    await expect
      .poll(
        async () =>
          (
            await u.json(b, "GET", `/api/chat-messages?chatSessionId=${chatSession.id}`)
          ).body.messages.at(-1)?.status,
      )
      .toBe("partial");

    for (const [app, text] of [
      [b, "two"],
      [a, "three"],
      [b, "four"],
    ] as const) {
      const res = await chat(app, text);
      expect(res.status).toBe(200);
      await res.text();
    }
    const fifth = await chat(a, "five");
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("a version switch and a delete made on one reach the other's reads and an open tab", async ({
    browser,
  }) => {
    const u = await user();
    const { project } = (await u.json(a, "POST", "/api/projects", { name: "Versions" })).body;
    const { chatSession } = (
      await u.json(a, "POST", "/api/chat-sessions", { projectId: project.id })
    ).body;
    const post = async (role: string, content: string, parentId?: string) =>
      (
        await u.json(a, "POST", "/api/chat-messages", {
          chatSessionId: chatSession.id,
          role,
          content,
          parentId,
        })
      ).body.message.id as string;
    await post("user", "first question");
    const reply = await post("assistant", "first reply");
    const original = await post("user", "the original follow-up");
    await post("user", "the edited follow-up", reply);
    const listOnB = async () =>
      (
        await u.json(b, "GET", `/api/chat-messages?chatSessionId=${chatSession.id}&limit=50`)
      ).body.messages.map((m: { content: string }) => m.content);
    expect(await listOnB()).toEqual(["first question", "first reply", "the edited follow-up"]);

    const context = await browser.newContext({ baseURL: b.url });
    await signIn(context, { cookie: u.cookie }, b.url);
    const page = await context.newPage();
    const streamOpened = await liveStreamOpened(page);
    await page.goto(`/projects/${project.id}?session=${chatSession.id}`);
    const question = page.getByTestId("message").last();
    await expect(question.getByTestId("version-label")).toHaveText("2 / 2Version 2 of 2");
    await streamOpened();

    // The tab hears of it, then reads the branch again from B (a round trip more than a message).
    await u.json(a, "POST", `/api/chat-sessions/${chatSession.id}/active-branch`, {
      messageId: original,
    });
    await expect(question).toContainText("the original follow-up", { timeout: 5_000 });
    await expect(question.getByTestId("version-label")).toHaveText("1 / 2Version 1 of 2");
    expect(await listOnB()).toEqual(["first question", "first reply", "the original follow-up"]);

    await u.call(a, "DELETE", `/api/chat-messages/${original}`);
    await expect(question).toContainText("the edited follow-up", { timeout: 5_000 });
    await expect(question.getByTestId("version-switcher")).toHaveCount(0);
    expect(await listOnB()).toEqual(["first question", "first reply", "the edited follow-up"]);
    await context.close();
  });

  test("tags, pins and archives made on one reach the other's lists and an open tab", async ({
    browser,
  }) => {
    const u = await user();
    const { project } = (await u.json(a, "POST", "/api/projects", { name: "Organized" })).body;
    const create = async (name: string) =>
      (await u.json(a, "POST", "/api/chat-sessions", { projectId: project.id, name })).body
        .chatSession.id as string;
    const older = await create("Older");
    const newer = await create("Newer");
    const listOnB = async () =>
      (
        await u.json(b, "GET", `/api/chat-sessions?projectId=${project.id}&includeMessages=false`)
      ).body.chatSessions.map(
        (s: { name: string; tags: { name: string }[] }) =>
          `${s.name}${s.tags.map((t) => ` #${t.name}`).join("")}`,
      );
    expect(await listOnB()).toEqual(["Newer", "Older"]); // now in B's Redis cache

    const { tag } = (await u.json(a, "POST", "/api/tags", { name: "Bug" })).body;
    await u.json(a, "PATCH", `/api/chat-sessions/${older}`, { tags: [tag.id], pinned: true });
    expect(await listOnB()).toEqual(["Older #Bug", "Newer"]);
    await u.json(a, "PATCH", `/api/tags/${tag.id}`, { name: "Defect" });
    expect(await listOnB()).toEqual(["Older #Defect", "Newer"]);

    const context = await browser.newContext({ baseURL: b.url });
    await signIn(context, { cookie: u.cookie }, b.url);
    const page = await context.newPage();
    const streamOpened = await liveStreamOpened(page);
    await page.goto(`/projects/${project.id}?session=${newer}`);
    await streamOpened();
    await page.getByTestId("session-switcher").click();
    const names = page.getByTestId("session-list").getByTestId("session-name");
    await expect(names).toHaveText(["Older", "Newer"]);

    await u.json(a, "POST", "/api/chat-sessions/bulk", { ids: [older], action: "archive" });
    await expect(names).toHaveText(["Newer"], { timeout: 5_000 });
    await u.json(a, "PATCH", `/api/chat-sessions/${newer}`, { tags: [tag.id] });
    const chip = page.getByTestId("session-list").getByTestId("tag-chip");
    await expect(chip).toHaveText("Defect", { timeout: 5_000 });
    await u.json(a, "PATCH", `/api/tags/${tag.id}`, { name: "Fixed" });
    await expect(chip).toHaveText("Fixed", { timeout: 5_000 });
    await context.close();
  });

  test("a summary asked on both is heard on the other and read there", async () => {
    const u = await user();
    const { project } = (await u.json(a, "POST", "/api/projects", { name: "Summaries" })).body;
    const { chatSession } = (
      await u.json(a, "POST", "/api/chat-sessions", { projectId: project.id })
    ).body;
    for (const content of ["How do caches expire?", "By time.", "And by writes?", "Those too."])
      await u.json(a, "POST", "/api/chat-messages", {
        chatSessionId: chatSession.id,
        role: content.endsWith("?") ? "user" : "assistant",
        content,
      });
    const path = `/api/chat-sessions/${chatSession.id}`;
    expect((await u.json(b, "GET", path)).body.chatSession.summary).toBeNull(); // cached on B
    const feed = await listen(b, u.cookie);
    await feed.waitFor("retry:", 2_000);

    // Asked on both at once: the lease in the database keeps their runs apart.
    const [onA, onB] = await Promise.all([
      u.json(a, "POST", `${path}/summary`, {}),
      u.json(b, "POST", `${path}/summary`, {}),
    ]);
    expect([onA.status, onB.status]).toEqual([202, 202]);
    await feed.waitFor("4 messages: 2 questions", 5_000);
    const read = (await u.json(b, "GET", path)).body.chatSession;
    expect(read).toMatchObject({
      summary: expect.stringContaining("Opened with “How do caches expire?”"),
      summaryMessageCount: 4,
      summaryStatus: "idle",
    });
    await feed.close();
  });
});
