// Export (issue 17): a session as JSON (every branch) and Markdown (the active branch), a
// project and the account as NDJSON, counted against the database; names, owners, streaming.
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { exportLine, sessionExportDocument } from "@/lib/contract/export";
import { bulkPoolOf, getDatabase } from "@/server/db";
import { postgresMessagePages } from "@/server/export/postgres-message-cursor";
import { streamedDownload } from "@/server/export/streamed-download";
import { skipDepthsSql } from "@/server/queries/skip-pointers";
import { type Client, client, send, signUp } from "../helpers/app";
import { askAndSettle, chatBody, newId } from "../helpers/chat";
import { fakeProviderForFile } from "../helpers/fake-openai";
import { sqlRows } from "../helpers/sql";

process.env.CHAT_RATE_LIMIT_PER_MINUTE = "1000";
const fake = await fakeProviderForFile();
// The fake's behaviour is reset before each test: answer summary requests again each time.
beforeEach(() => {
  fake.behaviour.respond = (request) =>
    String(request.messages[0]?.content).startsWith("You keep a running summary")
      ? { text: "**Summary:** The user compares two questions.\n\nKey points:\n- branches" }
      : undefined;
});

/** A message with code blocks whose fences a naive Markdown writer would break. */
const CODE_MESSAGE = [
  "Here is the fix:",
  "",
  "````markdown",
  "```js",
  "const fence = '```';",
  "```",
  "````",
  "",
  "and a reply cut mid-code:",
  "```python",
  "print('unfinished')",
].join("\n");

/**
 * A session of two turns whose second question was edited (two branches), with tags,
 * instructions, a summary and a code block; `name` names it.
 */
async function richSession(user: Client, projectId: string, name: string) {
  const { chatSession } = (await user.post("/api/chat-sessions", { projectId, name })).body;
  const id = chatSession.id as string;
  const q2 = newId("q2");
  await askAndSettle(user, chatBody(id, "alpha question"));
  await askAndSettle(user, chatBody(id, "bravo question, the first version", q2));
  await askAndSettle(user, { ...chatBody(id, "charlie question, the edited version"), editOf: q2 });
  const code = await user.post("/api/chat-messages", {
    chatSessionId: id,
    role: "assistant",
    content: CODE_MESSAGE,
  });
  expect(code.status).toBe(201);
  // As a reply the user stopped mid-code leaves it.
  await sqlRows(
    sql`update chat_messages set status = 'partial' where id = ${code.body.message.id}`,
  );
  const tag = (await user.post("/api/tags", { name: `Bug ${newId()}`, color: "red" })).body.tag;
  await user.patch(`/api/chat-sessions/${id}`, {
    tags: [tag.id],
    instructions: "Answer with ``` fences.",
  });
  return { id, tagName: tag.name as string };
}

const messagesInDb = (sessionId: string) =>
  sqlRows<{ id: string; parent_id: string | null; seq: number }>(
    sql`select id, parent_id, seq from chat_messages where chat_session_id = ${sessionId} order by seq`,
  );

const ndjsonLines = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => exportLine.parse(JSON.parse(l)));

describe("a session as JSON", () => {
  it("holds every branch's messages, parents first, with tags, instructions and summary", async () => {
    const alice = await signUp();
    const project = (await alice.post("/api/projects", { name: "Export" })).body.project;
    const { id, tagName } = await richSession(alice, project.id, "Two branches");
    const res = await send("GET", `/api/chat-sessions/${id}/export?format=json`, alice.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="two-branches.json"');
    const document = sessionExportDocument.parse(JSON.parse(await res.text()));

    const stored = await messagesInDb(id);
    expect(stored).toHaveLength(7);
    expect(document.session.messages.map((m) => m.id)).toEqual(stored.map((m) => m.id));
    expect(document.session.messages.map((m) => m.parentId)).toEqual(
      stored.map((m) => m.parent_id),
    );
    const seen = new Set<string>();
    for (const message of document.session.messages) {
      if (message.parentId) expect(seen.has(message.parentId)).toBe(true);
      seen.add(message.id);
    }
    const contents = document.session.messages.map((m) => m.content);
    expect(contents).toContain("bravo question, the first version");
    expect(contents).toContain("charlie question, the edited version");
    expect(contents).toContain(CODE_MESSAGE);
    expect(document.session.messages.at(-1)?.status).toBe("partial");

    const api = (await alice.get(`/api/chat-sessions/${id}`)).body.chatSession;
    expect(document).toMatchObject({
      type: "craft.export",
      version: 1,
      scope: "session",
      session: {
        id,
        projectId: project.id,
        name: "Two branches",
        nameSource: "user",
        instructions: "Answer with ``` fences.",
        tags: [{ name: tagName, color: "red" }],
        activeLeafId: document.session.messages.at(-1)?.id,
        createdAt: api.createdAt,
        updatedAt: api.updatedAt,
      },
    });
    expect(api.summary).toMatch(/compares two questions/);
    expect(document.session.summary).toEqual({
      text: api.summary,
      keyPoints: api.summaryKeyPoints,
      throughId: api.summaryThroughId,
      messageCount: api.summaryMessageCount,
      updatedAt: api.summaryUpdatedAt,
    });
  });

  it("is the format's default, and names a non-ASCII session in filename*", async () => {
    const alice = await signUp();
    const project = (await alice.post("/api/projects", { name: "Names" })).body.project;
    const { chatSession } = (
      await alice.post("/api/chat-sessions", { projectId: project.id, name: "Überblick: 日本語" })
    ).body;
    const res = await send("GET", `/api/chat-sessions/${chatSession.id}/export`, alice.cookie);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="uberblick.json"; filename*=UTF-8''${encodeURIComponent("überblick-日本語")}.json`,
    );
    const document = sessionExportDocument.parse(JSON.parse(await res.text()));
    expect(document.session).toMatchObject({ messages: [], activeLeafId: null, summary: null });
  });
});

describe("a session as Markdown", () => {
  it("shows the active branch only, each turn with its role and time, code blocks intact", async () => {
    const alice = await signUp();
    const project = (await alice.post("/api/projects", { name: "Export" })).body.project;
    const { id, tagName } = await richSession(alice, project.id, "Read me");
    const res = await send("GET", `/api/chat-sessions/${id}/export?format=markdown`, alice.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="read-me.md"');
    const text = await res.text();

    expect(text.startsWith("# Read me\n")).toBe(true);
    expect(text).toContain(`- Tags: ${tagName}`);
    expect(text).toContain("## Instructions\n\n````text\nAnswer with ``` fences.\n````");
    expect(text).toMatch(/## Summary\n\n.*The user compares two questions\.\n\n- branches\n/);
    expect(text).toContain("alpha question");
    expect(text).toContain("charlie question, the edited version");
    expect(text).not.toContain("bravo question");
    // The branch: alpha, its reply, charlie, its reply, the code message.
    const turns = text.match(/^## (User|Assistant) · \d{4}-\d\d-\d\d \d\d:\d\d UTC/gm) ?? [];
    expect(turns).toHaveLength(5);
    expect(turns.map((t) => t.split(" ")[1])).toEqual([
      "User",
      "Assistant",
      "User",
      "Assistant",
      "Assistant",
    ]);
    // The content as written, and the fence the cut reply left open closed after it.
    expect(text).toContain(`(stopped before the end)\n\n${CODE_MESSAGE}\n\`\`\`\n`);
  });
});

describe("a project and the account as NDJSON", () => {
  it("writes a line per project, session and message, as many as the database holds, then `end`", async () => {
    const alice = await signUp();
    const first = (await alice.post("/api/projects", { name: "Första projekt" })).body.project;
    const second = (await alice.post("/api/projects", { name: "Second" })).body.project;
    await richSession(alice, first.id, "One");
    await alice.post("/api/chat-sessions", { projectId: first.id, name: "Empty" });
    await richSession(alice, second.id, "Two");

    const projectRes = await send("GET", `/api/projects/${first.id}/export`, alice.cookie);
    expect(projectRes.status).toBe(200);
    expect(projectRes.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const day = new Date().toISOString().slice(0, 10);
    expect(projectRes.headers.get("content-disposition")).toContain(
      `filename="craft-forsta-projekt-${day}.ndjson"`,
    );
    const projectLines = ndjsonLines(await projectRes.text());
    const [dbProject] = await sqlRows<{ sessions: number; messages: number }>(sql`
      select (select count(*)::int from chat_sessions where project_id = ${first.id}) as sessions,
             (select count(*)::int from chat_messages m join chat_sessions s on s.id = m.chat_session_id
              where s.project_id = ${first.id}) as messages`);
    const count = (type: string) => projectLines.filter((l) => l.type === type).length;
    expect(projectLines[0]).toMatchObject({ type: "craft.export", version: 1, scope: "project" });
    expect(count("project")).toBe(1);
    expect(count("session")).toBe(dbProject?.sessions);
    expect(count("message")).toBe(dbProject?.messages);
    expect(projectLines.at(-1)).toEqual({
      type: "end",
      projects: 1,
      sessions: dbProject?.sessions,
      messages: dbProject?.messages,
    });

    const accountRes = await send("GET", "/api/export", alice.cookie);
    expect(accountRes.headers.get("content-disposition")).toBe(
      `attachment; filename="craft-export-${day}.ndjson"`,
    );
    const lines = ndjsonLines(await accountRes.text());
    const [dbAccount] = await sqlRows<{ projects: number; sessions: number; messages: number }>(sql`
      select (select count(*)::int from projects where user_id = ${alice.userId}) as projects,
             (select count(*)::int from chat_sessions s join projects p on p.id = s.project_id
              where p.user_id = ${alice.userId}) as sessions,
             (select count(*)::int from chat_messages where user_id = ${alice.userId}) as messages`);
    expect(lines.at(-1)).toEqual({ type: "end", ...dbAccount });
    expect(lines[0]).toMatchObject({ scope: "account" });
    // Each message follows its session's line, and its parent comes before it.
    let sessionId = "";
    const seen = new Set<string>();
    for (const line of lines) {
      if (line.type === "session") sessionId = line.id;
      if (line.type !== "message") continue;
      expect(line.sessionId).toBe(sessionId);
      if (line.parentId) expect(seen.has(line.parentId)).toBe(true);
      seen.add(line.id);
    }
  });
});

describe("who may export", () => {
  it("answers another user's session and project 404 exactly like unknown ones, and anonymous callers 401", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const project = (await alice.post("/api/projects", { name: "Private" })).body.project;
    const { id } = await richSession(alice, project.id, "Private chat");
    for (const [mine, unknown] of [
      [`/api/chat-sessions/${id}/export?format=markdown`, "/api/chat-sessions/nope/export"],
      [`/api/chat-sessions/${id}/export?format=json`, "/api/chat-sessions/nope/export"],
      [`/api/projects/${project.id}/export`, "/api/projects/nope/export"],
    ] as const) {
      const foreign = await bob.get(mine);
      expect(foreign.status, mine).toBe(404);
      expect(foreign.body).toEqual((await bob.get(unknown)).body);
      expect((await client().get(mine)).status).toBe(401);
    }
    expect((await client().get("/api/export")).status).toBe(401);
    const bobs = await bob.get("/api/export");
    expect(bobs.status).toBe(200);
    expect(String(bobs.body)).not.toContain("Private");
    expect(ndjsonLines(String(bobs.body)).at(-1)).toEqual({
      type: "end",
      projects: 0,
      sessions: 0,
      messages: 0,
    });
  });

  it("refuses a format it does not write", async () => {
    const alice = await signUp();
    const project = (await alice.post("/api/projects", { name: "Formats" })).body.project;
    const { chatSession } = (await alice.post("/api/chat-sessions", { projectId: project.id }))
      .body;
    const res = await alice.get(`/api/chat-sessions/${chatSession.id}/export?format=pdf`);
    expect(res.status).toBe(400);
  });
});

describe("streaming", () => {
  const SEED_ROWS_PER_STATEMENT = 4_000;

  /** A linear branch of `length` messages written directly, as a long-lived session has. */
  async function seedBranch(userId: string, chatSessionId: string, length: number) {
    // One row per depth from skipDepthsSql, its skip pointer (skip-pointers.ts) included, a
    // few thousand rows a statement: one insert of them all can outlast the query timeout on
    // a busy machine (each row's search vector is computed as it is written).
    for (let from = 1; from <= length; from += SEED_ROWS_PER_STATEMENT) {
      await sqlRows(sql`
        insert into chat_messages
          (id, user_id, chat_session_id, seq, parent_id, depth, skip_id, role, content)
        select 'long' || d.depth, ${userId}, ${chatSessionId}, d.depth,
               case when d.depth > 1 then 'long' || (d.depth - 1) end, d.depth,
               case when d.skip_depth > 0 then 'long' || d.skip_depth end,
               case when d.depth % 2 = 1 then 'user' else 'assistant' end, 'message ' || d.depth
        from ${sql.raw(skipDepthsSql(String(length)))} d
        where d.depth >= ${from} and d.depth < ${from + SEED_ROWS_PER_STATEMENT}`);
    }
    await sqlRows(sql`
      update chat_sessions set message_count = ${length}, last_message_seq = ${length},
        active_leaf_id = ${`long${length}`} where id = ${chatSessionId}`);
  }

  it("exports a session of 20,000 messages a page at a time, every one of them", async () => {
    const alice = await signUp();
    const project = (await alice.post("/api/projects", { name: "Long" })).body.project;
    const { chatSession } = (
      await alice.post("/api/chat-sessions", { projectId: project.id, name: "Long" })
    ).body;
    await seedBranch(alice.userId, chatSession.id, 20_000);

    const json = await send("GET", `/api/chat-sessions/${chatSession.id}/export`, alice.cookie);
    const reader = json.body?.getReader();
    let chunks = 0;
    let text = "";
    const decoder = new TextDecoder();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      chunks += 1;
      text += decoder.decode(next.value, { stream: true });
    }
    // The opening, a chunk per page of messages, the closing.
    expect(chunks).toBe(2 + 20_000 / 500);
    const document = sessionExportDocument.parse(JSON.parse(text));
    expect(document.session.messages).toHaveLength(20_000);
    expect(document.session.messages.at(-1)).toMatchObject({
      id: "long20000",
      content: "message 20000",
    });

    const markdown = await (
      await send("GET", `/api/chat-sessions/${chatSession.id}/export?format=markdown`, alice.cookie)
    ).text();
    const turns = markdown.match(/^## (User|Assistant) · /gm) ?? [];
    expect(turns).toHaveLength(20_000);
    expect(markdown.indexOf("message 19999\n")).toBeLessThan(markdown.indexOf("message 20000\n"));

    const ndjson = ndjsonLines(await (await send("GET", "/api/export", alice.cookie)).text());
    expect(ndjson.at(-1)).toEqual({ type: "end", projects: 1, sessions: 1, messages: 20_000 });
  });

  it("reads a session through one cursor on PostgreSQL, opened again after the last message read once it is old", async () => {
    const { bulkReads, driver } = await getDatabase();
    const pool = bulkPoolOf(bulkReads);
    if (driver === "pglite") {
      expect(pool).toBeNull(); // PGlite reads keyset pages
      return;
    }
    if (!pool) throw new Error("PostgreSQL's bulkReads has no pool");
    const alice = await signUp();
    const stranger = await signUp();
    const project = (await alice.post("/api/projects", { name: "Cursor" })).body.project;
    const { chatSession } = (await alice.post("/api/chat-sessions", { projectId: project.id }))
      .body;
    await seedBranch(alice.userId, chatSession.id, 1_200);

    const read = async (userId: string, maxOpenMs: number) => {
      let checkouts = 0;
      const counted = () => {
        checkouts += 1;
      };
      pool.on("acquire", counted);
      const pages: number[][] = [];
      const range = { userId, chatSessionId: chatSession.id, afterSeq: 0, throughSeq: 1_200 };
      for await (const rows of postgresMessagePages(pool, bulkReads, range, {
        batch: 500,
        maxOpenMs,
      })) {
        pages.push(rows.map((row) => row.seq));
      }
      pool.off("acquire", counted);
      return { pages, checkouts };
    };

    const once = await read(alice.userId, 60_000);
    expect(once.checkouts).toBe(1);
    expect(once.pages.map((page) => page.length)).toEqual([500, 500, 200]);
    expect(once.pages.flat()).toEqual(Array.from({ length: 1_200 }, (_, i) => i + 1));
    // Too old after every read: a new cursor per page, the same pages.
    expect(await read(alice.userId, 0)).toEqual({ pages: once.pages, checkouts: 3 });
    expect(await read(stranger.userId, 60_000)).toEqual({ pages: [], checkouts: 1 });
  });

  it("ends the stream with an error when reading fails partway, so the file is visibly cut", async () => {
    async function* failing() {
      yield '{"type":"craft.export"}\n';
      throw new Error("connection to the database lost");
    }
    const res = streamedDownload(failing(), {
      contentType: "application/x-ndjson",
      disposition: "attachment",
    });
    const reader = res.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    await expect(reader?.read()).rejects.toThrow("connection to the database lost");
  });
});
