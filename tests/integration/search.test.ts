// Search (GET /api/search): what it finds (code, phrases, exclusions, CJK), whose data it
// reaches (only the caller's), that it follows every write in the same transaction (edits,
// deletes, renames, replies once they end), its snippets and its pages.
import { once } from "node:events";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { searchResultsBody } from "@/lib/contract/bodies";
import type { SearchResult } from "@/lib/contract/entities";
import { type Client, signUp } from "../helpers/app";
import { chatBody, newId, settledReply } from "../helpers/chat";
import { fakeProviderForFile } from "../helpers/fake-openai";
import { sqlRows } from "../helpers/sql";
import { readChunks } from "../helpers/ui-stream";

const fake = await fakeProviderForFile();

type User = Awaited<ReturnType<typeof signUp>>;

async function search(user: Client, params: Record<string, string>) {
  const res = await user.get(`/api/search?${new URLSearchParams(params)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return searchResultsBody.parse(res.body);
}

/** The ids of what a query finds (a message's id, or `name:<session>` for a name match). */
async function found(user: Client, q: string, extra: Record<string, string> = {}) {
  const { results } = await search(user, { q, limit: "50", ...extra });
  return results.map((r) => r.messageId ?? `name:${r.chatSessionId}`).sort();
}

const snippetText = (r: SearchResult) => r.snippet.map((p) => p.text).join("");
const highlighted = (r: SearchResult) => r.snippet.filter((p) => p.highlight).map((p) => p.text);

async function project(user: Client, name: string) {
  const res = await user.post("/api/projects", { name });
  expect(res.status).toBe(201);
  return res.body.project.id as string;
}

async function session(user: Client, projectId: string, name = "Notes") {
  const res = await user.post("/api/chat-sessions", { projectId, name });
  expect(res.status).toBe(201);
  return res.body.chatSession.id as string;
}

async function say(
  user: Client,
  chatSessionId: string,
  content: string,
  role: "user" | "assistant" = "user",
) {
  const res = await user.post("/api/chat-messages", { chatSessionId, role, content });
  expect(res.status).toBe(201);
  return res.body.message.id as string;
}

describe("what a query finds", () => {
  let user: User;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    user = await signUp();
    const chat = await session(user, await project(user, "Code"));
    const texts: Record<string, string> = {
      hook: "Why does my useEffect run twice in development?",
      esm: "Node says Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod'",
      path: "Edit src/app/page.tsx and the page reloads.",
      snake: "Rename the column to snake_case_name everywhere",
      call: "Then call foo.bar() before the render",
      tag: 'Wrap it in a <div className="grid"> element',
      url: "See https://nextjs.org/docs/app/api-reference for details; mail ada@example.com",
      phrase: "the quick brown fox jumps over the lazy dog",
      reversed: "the brown quick fox naps under the lazy dog",
      chinese: "数据库的索引让查询变快",
      japanese: "データベースのインデックスを作る",
      korean: "데이터베이스를 빠르게 만드는 방법",
      emoji: "Ship it 🎉party🚀time and celebrate",
      accents: "Le café est prêt à Zürich",
      markers: "private use \uE000not a marker\uE001 here and \u0001 a control char",
      html: "<script>alert(1)</script> is what an XSS payload looks like",
    };
    for (const [key, text] of Object.entries(texts))
      ids[key] = await say(user, chat, text, key === "reversed" ? "assistant" : "user");
  });

  it.each([
    ["useEffect", "hook"],
    ["useeffect", "hook"],
    ["ERR_MODULE_NOT_FOUND", "esm"],
    ["err_module_not_found", "esm"],
    ["src/app/page.tsx", "path"],
    ["page.tsx", "path"],
    ["snake_case_name", "snake"],
    ["foo.bar()", "call"],
    ["foo.bar", "call"],
    ["<div", "tag"],
    ["className", "tag"],
    ["nextjs.org", "url"],
    ["api-reference", "url"],
    ["ada@example.com", "url"],
    ["索引", "chinese"],
    ["数据库", "chinese"],
    ["查询变快", "chinese"],
    ["インデックス", "japanese"],
    ["데이터베이스", "korean"],
    ["party", "emoji"],
    ["time", "emoji"],
    ["café", "accents"],
    ["CAFÉ", "accents"],
    ["Zürich", "accents"],
  ])("%s finds its message, and only it", async (q, key) => {
    expect(await found(user, q)).toEqual([ids[key]]);
  });

  it("does not match inside a word or across CJK characters that are not together", async () => {
    expect(await found(user, "Effect")).toEqual([]);
    expect(await found(user, "索快")).toEqual([]);
    expect(await found(user, "snake_name")).toEqual([]);
  });

  it("does not stem: a word matches as written, the last one also as the start of a word", async () => {
    expect(await found(user, "jumps")).toEqual([ids.phrase]);
    // Still being typed: `jump` may become `jumps`; quoted, or followed by another word, it is whole.
    expect(await found(user, "jump")).toEqual([ids.phrase]);
    expect(await found(user, "useEff")).toEqual([ids.hook]);
    expect(await found(user, "ERR_MODULE_NOT")).toEqual([ids.esm]);
    expect(await found(user, '"jump"')).toEqual([]);
    expect(await found(user, "jump lazy")).toEqual([]);
    expect(await found(user, "lazy -jump")).toEqual([ids.phrase, ids.reversed].sort());
  });

  it("takes every word, a quoted phrase in order, and leaves out a -word", async () => {
    expect(await found(user, "quick brown")).toEqual([ids.phrase, ids.reversed].sort());
    expect(await found(user, '"quick brown"')).toEqual([ids.phrase]);
    expect(await found(user, '"brown quick"')).toEqual([ids.reversed]);
    expect(await found(user, "lazy dog -naps")).toEqual([ids.phrase]);
    expect(await found(user, "jumps or naps")).toEqual([ids.phrase, ids.reversed].sort());
  });

  it("finds nothing, without failing, for a query with no word that must appear", async () => {
    for (const q of ["-fox", "!!!", "🎉", "🎉🚀", "-fox or -dog", "''", "&|!<->:*()"])
      expect(await found(user, q), q).toEqual([]);
  });

  it("answers hostile and odd queries without failing", async () => {
    for (const q of [
      "' OR '1'='1",
      "'; drop table chat_messages; --",
      "\\",
      '"unterminated phrase',
      "a:* & b | !c <-> d",
      "\uE000\uE001",
      "\u0001\u0001",
      "x".repeat(500),
      "ع".repeat(300),
      "😀".repeat(500),
      "e\u0301\u0302",
      "\u202eevil",
    ]) {
      const res = await user.get(`/api/search?${new URLSearchParams({ q })}`);
      expect(res.status, q).toBe(200);
      expect(searchResultsBody.safeParse(res.body).success, q).toBe(true);
    }
  });

  it("highlights the matched words in a plain-text snippet", async () => {
    const [hit] = (await search(user, { q: "page.tsx" })).results;
    expect(hit?.messageId).toBe(ids.path);
    expect(snippetText(hit as SearchResult)).toBe("Edit src/app/page.tsx and the page reloads.");
    expect(highlighted(hit as SearchResult)).toEqual(["page.tsx", "page"]);
    const [esm] = (await search(user, { q: "ERR_MODULE_NOT_FOUND" })).results;
    expect(highlighted(esm as SearchResult)).toEqual(["ERR_MODULE_NOT_FOUND"]);
    const [chinese] = (await search(user, { q: "索引" })).results;
    expect(chinese?.snippet).toEqual([
      { text: "数据库的", highlight: false },
      { text: "索引", highlight: true },
      { text: "让查询变快", highlight: false },
    ]);
  });

  it("keeps text that looks like markup or markers as text", async () => {
    const [html] = (await search(user, { q: "XSS payload" })).results;
    expect(snippetText(html as SearchResult)).toContain("<script>alert(1)</script>");
    const [markers] = (await search(user, { q: "marker" })).results;
    expect(markers?.messageId).toBe(ids.markers);
    // The text's own private-use characters cannot pass for highlights: they become U+FFFD.
    expect(highlighted(markers as SearchResult)).toEqual(["marker"]);
    expect(snippetText(markers as SearchResult)).toContain("\uFFFDnot a marker\uFFFD");
  });

  it("says where and when each hit was said", async () => {
    const [hit] = (await search(user, { q: "naps" })).results;
    expect(hit).toMatchObject({
      messageId: ids.reversed,
      role: "assistant",
      sessionName: "Notes",
      projectName: "Code",
    });
    const [row] = await sqlRows<{ created_at: string }>(
      sql`select created_at from chat_messages where id = ${ids.reversed}`,
    );
    expect(new Date(hit?.createdAt ?? "").getTime()).toBe(
      new Date(String(row?.created_at)).getTime(),
    );
  });
});

describe("whose data it reaches", () => {
  let alice: User;
  let bob: User;
  let aliceProject: string;
  let bobProject: string;

  beforeAll(async () => {
    alice = await signUp();
    bob = await signUp();
    aliceProject = await project(alice, "Alice's");
    bobProject = await project(bob, "Bob's");
    await say(alice, await session(alice, aliceProject, "Alice secretword"), "alice secretword");
    await say(bob, await session(bob, bobProject, "Bob secretword"), "bob secretword");
  });

  it("finds only the caller's messages and names", async () => {
    const { results } = await search(alice, { q: "secretword" });
    expect(results).toHaveLength(2);
    expect(results.every((r) => r.projectId === aliceProject)).toBe(true);
    expect(JSON.stringify(results)).not.toMatch(/bob/i);
  });

  it("answers another user's project like a missing one, and a malformed id with 400", async () => {
    const foreign = await alice.get(`/api/search?q=secretword&projectId=${bobProject}`);
    const missing = await alice.get("/api/search?q=secretword&projectId=doesnotexist0000");
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(foreign.body.error.code).toBe("not_found");
    expect((await alice.get("/api/search?q=x&projectId=not%20an%20id")).status).toBe(400);
  });

  it("needs a session", async () => {
    const { client } = await import("../helpers/app");
    expect((await client().get("/api/search?q=secretword")).status).toBe(401);
  });

  it("refuses an empty query, a long one, a bad limit, order or cursor with 400", async () => {
    for (const query of [
      "",
      "q=",
      "q=%20%20%09",
      `q=${"x".repeat(501)}`,
      "q=x&limit=0",
      "q=x&limit=51",
      "q=x&order=oldest",
      "q=x&cursor=not-a-cursor",
      "q=%00",
    ]) {
      const res = await alice.get(`/api/search?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("bad_request");
    }
  });
});

describe("one transaction with every write", () => {
  let user: User;
  let projectId: string;

  beforeAll(async () => {
    user = await signUp();
    projectId = await project(user, "Writes");
  });

  it("finds a message as soon as it is stored", async () => {
    const chat = await session(user, projectId);
    const id = await say(user, chat, "freshly written zanzibar");
    expect(await found(user, "zanzibar")).toEqual([id]);
  });

  it("follows a fixed reply: the old words go, the new ones come", async () => {
    const chat = await session(user, projectId);
    await say(user, chat, "a question");
    const reply = await say(user, chat, "the answer is wombat", "assistant");
    const res = await user.patch(`/api/chat-messages/${reply}`, { content: "the answer is koala" });
    expect(res.status).toBe(200);
    expect(await found(user, "wombat")).toEqual([]);
    expect(await found(user, "koala")).toEqual([reply]);
  });

  it("follows a rename: the session is found by its new name only", async () => {
    const chat = await session(user, projectId, "Old platypus name");
    expect(await found(user, "platypus")).toEqual([`name:${chat}`]);
    await user.patch(`/api/chat-sessions/${chat}`, { name: "New echidna name" });
    expect(await found(user, "platypus")).toEqual([]);
    const { results } = await search(user, { q: "echidna" });
    expect(results).toEqual([
      expect.objectContaining({
        chatSessionId: chat,
        messageId: null,
        role: null,
        sessionName: "New echidna name",
        snippet: [
          { text: "New ", highlight: false },
          { text: "echidna", highlight: true },
          { text: " name", highlight: false },
        ],
      }),
    ]);
  });

  it("forgets a deleted message, session and project", async () => {
    const chat = await session(user, projectId);
    await say(user, chat, "keep this capybara");
    const gone = await say(user, chat, "delete this capybara");
    expect(await found(user, "capybara")).toHaveLength(2);
    expect((await user.delete(`/api/chat-messages/${gone}`)).status).toBe(200);
    expect(await found(user, "capybara")).toHaveLength(1);
    expect((await user.delete(`/api/chat-sessions/${chat}`)).status).toBe(200);
    expect(await found(user, "capybara")).toEqual([]);

    const other = await project(user, "Doomed");
    const doomed = await session(user, other, "Doomed narwhal");
    await say(user, doomed, "narwhal facts");
    expect(await found(user, "narwhal")).toHaveLength(2);
    expect((await user.delete(`/api/projects/${other}`)).status).toBe(200);
    expect(await found(user, "narwhal")).toEqual([]);
  });

  it("finds a streamed reply by its final text once it ends, not while it streams", async () => {
    const chat = await session(user, projectId);
    fake.behaviour.words = "the ocelot sleeps here then wakes up at the very end".split(" ");
    fake.behaviour.delayMs = 120;
    const res = await user.stream("/api/chat", chatBody(chat, "Tell me a story", newId("q")));
    const reading = readChunks(res);
    // Wait until the writer has saved part of the reply while it is still streaming.
    let replyId = "";
    for (;;) {
      await once(fake.events, "chunk");
      const [row] = await sqlRows<{ id: string; content: string; status: string }>(
        sql`select id, content, status from chat_messages
            where chat_session_id = ${chat} and role = 'assistant'`,
      );
      if (row?.status === "streaming" && row.content.includes("ocelot")) {
        replyId = row.id;
        break;
      }
      if (row && row.status !== "streaming") throw new Error("the reply ended too early");
    }
    expect(await found(user, "ocelot")).toEqual([]);
    await reading;
    await settledReply(replyId);
    expect(await found(user, "ocelot")).toEqual([replyId]);
    expect(await found(user, "end")).toEqual([replyId]);
  });
});

describe("order and pages", () => {
  let user: User;
  let projects: string[];
  const sessions: string[] = [];
  const messages: string[] = [];

  beforeAll(async () => {
    user = await signUp();
    projects = [await project(user, "First"), await project(user, "Second")];
    for (const [i, projectId] of projects.entries())
      sessions.push(await session(user, projectId, i === 0 ? "Lemur talk" : "Other"));
    // 30 messages: the more often "lemur" occurs in a short message, the higher it ranks.
    for (let i = 0; i < 30; i++) {
      const chat = sessions[i % 2] as string;
      const text =
        i % 10 === 0 ? "lemur lemur lemur" : `message ${i} about a lemur and more words here`;
      messages.push(await say(user, chat, text));
    }
  });

  async function allPages(params: Record<string, string>) {
    const seen: SearchResult[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search(user, { ...params, ...(cursor ? { cursor } : {}) });
      expect(page.results.length).toBeLessThanOrEqual(Number(params.limit));
      seen.push(...page.results);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    return seen;
  }

  it("pages through every hit once, newest first", async () => {
    const seen = await allPages({ q: "lemur", order: "newest", limit: "7" });
    expect(seen.map((r) => r.messageId ?? `name:${r.chatSessionId}`)).toEqual([
      ...[...messages].reverse(),
      `name:${sessions[0]}`,
    ]);
    const times = seen.map((r) => r.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("pages through every hit once, best first, the name above the messages", async () => {
    const seen = await allPages({ q: "lemur", limit: "4" });
    expect(seen).toHaveLength(31);
    expect(new Set(seen.map((r) => r.messageId)).size).toBe(31);
    expect(seen[0]?.messageId).toBeNull();
    const dense = new Set([messages[0], messages[10], messages[20]]);
    expect(new Set(seen.slice(1, 4).map((r) => r.messageId))).toEqual(dense);
  });

  it("keeps its pages while new matches arrive", async () => {
    const first = await search(user, { q: "lemur", limit: "10" });
    const newest = await search(user, { q: "lemur", order: "newest", limit: "10" });
    const added = await say(user, sessions[0] as string, "lemur lemur lemur lemur");
    const rest = await allPagesFrom({ q: "lemur", limit: "10" }, first.nextCursor);
    const seen = [...first.results, ...rest].map((r) => r.messageId);
    expect(seen).not.toContain(added);
    expect(new Set(seen).size).toBe(31);
    const newestRest = await allPagesFrom(
      { q: "lemur", order: "newest", limit: "10" },
      newest.nextCursor,
    );
    expect([...newest.results, ...newestRest].map((r) => r.messageId)).not.toContain(added);
    expect(await found(user, "lemur")).toContain(added);
  });

  async function allPagesFrom(params: Record<string, string>, start: string | null) {
    const seen: SearchResult[] = [];
    let cursor = start;
    while (cursor) {
      const page = await search(user, { ...params, cursor });
      seen.push(...page.results);
      cursor = page.nextCursor;
    }
    return seen;
  }

  it("searches one project when asked", async () => {
    const { results } = await search(user, {
      q: "lemur",
      projectId: projects[1] as string,
      limit: "50",
    });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.projectId === projects[1] && r.projectName === "Second")).toBe(
      true,
    );
    expect(results.every((r) => r.chatSessionId === sessions[1])).toBe(true);
  });

  it("answers 20 by default, and refuses a cursor of the other order", async () => {
    const page = await search(user, { q: "lemur" });
    expect(page.results).toHaveLength(20);
    const res = await user.get(
      `/api/search?${new URLSearchParams({ q: "lemur", order: "newest", cursor: String(page.nextCursor) })}`,
    );
    expect(res.status).toBe(400);
  });
});
