// Import (issue 17): Craft's own export uploaded through POST /api/import and written in the
// background, a conversation at a time; the round trip export → import → export; re-imports,
// cut files, failures mid-conversation, limits, owners, and an import a restart interrupted.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { type ExportLine, exportLine } from "@/lib/contract/export";
import { MAX_TAGS_PER_USER } from "@/lib/contract/limits";
import { getDatabase } from "@/server/db";
import type { ImportedConversation } from "@/server/import-formats/conversation";
import { openCraftExport } from "@/server/import-formats/craft";
import { uploadsFolder } from "@/server/imports/receive-upload";
import { resumeAbandonedImports } from "@/server/imports/recover-imports";
import { importRun } from "@/server/imports/run-import";
import { importConversation, insertImport, projectForImport } from "@/server/queries/imports";
import { skipDepth } from "@/server/queries/skip-pointers";
import { type Client, send, signUp } from "../helpers/app";
import { askAndSettle, chatBody, newId } from "../helpers/chat";
import { fakeProviderForFile } from "../helpers/fake-openai";
import { openEvents } from "../helpers/live";
import { sqlRows } from "../helpers/sql";

process.env.CHAT_RATE_LIMIT_PER_MINUTE = "1000";
// Small, so a too-large upload is cheap to send; every other file here is far below it.
const MAX_BYTES = 2_000_000;
process.env.IMPORT_MAX_BYTES = String(MAX_BYTES);
// No test here uploads more than this per user but the one that passes it.
const UPLOADS_PER_HOUR = 5;
process.env.IMPORT_UPLOADS_PER_HOUR = String(UPLOADS_PER_HOUR);

const fake = await fakeProviderForFile();
beforeEach(() => {
  fake.behaviour.respond = (request) =>
    String(request.messages[0]?.content).startsWith("You keep a running summary")
      ? { text: "**Summary:** The user compares two questions.\n\nKey points:\n- branches" }
      : undefined;
});

/**
 * A session of two turns whose second question was edited (two branches), with a tag, its
 * instructions, a summary and a reply stopped mid-way (partial); `extra` organizes it.
 */
async function richSession(
  user: Client,
  projectId: string,
  name: string,
  extra: { pinned?: boolean; archived?: boolean } = {},
) {
  const { chatSession } = (await user.post("/api/chat-sessions", { projectId, name })).body;
  const id = chatSession.id as string;
  const q2 = newId("q2");
  await askAndSettle(user, chatBody(id, `${name}: alpha question`));
  await askAndSettle(user, chatBody(id, `${name}: bravo question, first version`, q2));
  await askAndSettle(user, { ...chatBody(id, `${name}: charlie question, edited`), editOf: q2 });
  const cut = await user.post("/api/chat-messages", {
    chatSessionId: id,
    role: "assistant",
    content: "a reply the user stopped",
  });
  expect(cut.status).toBe(201);
  await sqlRows(sql`update chat_messages set status = 'partial' where id = ${cut.body.message.id}`);
  const tag = (await user.post("/api/tags", { name: `Topic ${name}`, color: "teal" })).body.tag;
  const patched = await user.patch(`/api/chat-sessions/${id}`, {
    tags: [tag.id],
    instructions: `Be brief about ${name}.`,
    ...extra,
  });
  expect(patched.status).toBe(200);
  return id;
}

/** Uploads `text` as a file named `name`; answers the response. */
function upload(user: Client, text: string, name: string, projectId?: string) {
  const form = new FormData();
  form.set("file", new Blob([text]), name);
  if (projectId) form.set("projectId", projectId);
  return user.upload("/api/import", form);
}

/** Uploads and waits for the background job to end; answers the finished import. */
async function imported(user: Client, text: string, name: string, projectId?: string) {
  const res = await upload(user, text, name, projectId);
  expect(res.status).toBe(202);
  await importRun(res.body.import.id);
  const job = await user.get(`/api/imports/${res.body.import.id}`);
  expect(job.status).toBe(200);
  return job.body.import;
}

async function accountExport(user: Client): Promise<string> {
  const res = await send("GET", "/api/export", user.cookie);
  expect(res.status).toBe(200);
  return res.text();
}

const linesOf = (text: string): ExportLine[] =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => exportLine.parse(JSON.parse(l)));

/**
 * An account's export with every id replaced by its position (projects by creation, sessions
 * by creation in their project, messages in file order) and the export's time dropped: what
 * two accounts holding the same history export alike.
 */
function normalized(text: string) {
  type Message = Extract<ExportLine, { type: "message" }>;
  type Session = Extract<ExportLine, { type: "session" }> & { messages: Message[] };
  type Project = Extract<ExportLine, { type: "project" }> & { sessions: Session[] };
  const projects: Project[] = [];
  let end: ExportLine | null = null;
  for (const line of linesOf(text)) {
    if (line.type === "project") projects.push({ ...line, sessions: [] });
    else if (line.type === "session") projects.at(-1)?.sessions.push({ ...line, messages: [] });
    else if (line.type === "message") projects.at(-1)?.sessions.at(-1)?.messages.push(line);
    else if (line.type === "end") end = line;
  }
  // Rows made in the same millisecond export in id order, which differs between accounts.
  const byCreation = (a: { createdAt: string; name: string }, b: typeof a) =>
    a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name);
  const keys = new Map<string, string>();
  const key = (id: string | null) => (id === null ? null : (keys.get(id) ?? `unknown:${id}`));
  projects.sort(byCreation);
  for (const [i, p] of projects.entries()) {
    keys.set(p.id, `p${i}`);
    p.sessions.sort(byCreation);
    for (const [j, s] of p.sessions.entries()) {
      keys.set(s.id, `p${i}s${j}`);
      for (const [k, m] of s.messages.entries()) keys.set(m.id, `p${i}s${j}m${k}`);
    }
  }
  return {
    end,
    projects: projects.map(({ id, sessions, ...project }) => ({
      ...project,
      id: key(id),
      sessions: sessions.map(({ id, projectId, activeLeafId, summary, messages, ...session }) => ({
        ...session,
        id: key(id),
        projectId: key(projectId),
        activeLeafId: key(activeLeafId),
        summary: summary && { ...summary, throughId: key(summary.throughId) },
        messages: messages.map((m) => ({
          ...m,
          id: key(m.id),
          parentId: key(m.parentId),
          sessionId: key(m.sessionId),
        })),
      })),
    })),
  };
}

/** A user with two projects (one archived), four sessions of every kind, and their export. */
async function historyOf(user: Client) {
  const work = (await user.post("/api/projects", { name: "Work", description: "Day job" })).body
    .project;
  await user.patch(`/api/projects/${work.id}`, { files: { "notes.md": "# Notes" } });
  const old = (await user.post("/api/projects", { name: "Old" })).body.project;
  await richSession(user, work.id, "Branches");
  await richSession(user, work.id, "Pinned", { pinned: true });
  await user.post("/api/chat-sessions", { projectId: work.id, name: "Empty" });
  await richSession(user, old.id, "Archived", { archived: true });
  await user.patch(`/api/projects/${old.id}`, { status: "archived" });
  return { work, old };
}

const sessionCount = async (userId: string) =>
  Number(
    (
      await sqlRows<{ n: number }>(sql`select count(*)::int as n from chat_sessions s
        join projects p on p.id = s.project_id where p.user_id = ${userId}`)
    )[0]?.n,
  );

describe("the round trip", () => {
  it("export → import into another account → export gives the same history", async () => {
    const alice = await signUp();
    await historyOf(alice);
    const before = await accountExport(alice);
    const original = normalized(before);
    // What the history must hold for the comparison to mean something.
    const sessions = original.projects.flatMap((p) => p.sessions);
    expect(sessions).toHaveLength(4);
    expect(sessions.filter((s) => s.summary !== null).length).toBeGreaterThan(0);
    expect(sessions.some((s) => s.pinned) && sessions.some((s) => s.archived)).toBe(true);
    expect(original.projects.map((p) => p.status)).toEqual(["active", "archived"]);
    const messages = sessions.flatMap((s) => s.messages);
    expect(messages.some((m) => m.status === "partial")).toBe(true);
    // An edited question: two messages under one parent.
    const parents = messages.map((m) => m.parentId).filter((id) => id !== null);
    expect(new Set(parents).size).toBeLessThan(parents.length);

    const bob = await signUp();
    const job = await imported(bob, before, "craft-export.ndjson");
    expect(job).toMatchObject({
      status: "done",
      source: "craft",
      error: null,
      conversationsImported: 4,
      conversationsSkipped: 0,
      messagesImported: messages.length,
      bytesRead: Buffer.byteLength(before),
      totalBytes: Buffer.byteLength(before),
    });
    expect(job.createdProjectIds).toHaveLength(2);
    expect(normalized(await accountExport(bob))).toEqual(original);

    // Imported sessions say where they came from; the original's do not.
    const bobProjects = (await bob.get("/api/projects")).body.projects;
    const bobWork = bobProjects.find((p: { name: string }) => p.name === "Work");
    const bobs = (await bob.get(`/api/chat-sessions?projectId=${bobWork.id}`)).body;
    expect(bobs.chatSessions.map((s: { importedFrom: string | null }) => s.importedFrom)).toEqual([
      "craft",
      "craft",
      "craft",
    ]);
    const uploads = await readdir(uploadsFolder());
    expect(uploads).not.toContain(job.id);
  });

  it("a session's JSON export comes back as the same session, in a new project", async () => {
    const alice = await signUp();
    const project = (await alice.post("/api/projects", { name: "Solo" })).body.project;
    const id = await richSession(alice, project.id, "Solo session", { pinned: true });
    const res = await send("GET", `/api/chat-sessions/${id}/export?format=json`, alice.cookie);
    const document = await res.text();

    const bob = await signUp();
    const job = await imported(bob, document, "solo-session.json");
    expect(job).toMatchObject({ status: "done", conversationsImported: 1 });
    const [projectId] = job.createdProjectIds;
    const bobProject = (await bob.get(`/api/projects/${projectId}`)).body.project;
    expect(bobProject.name).toBe("Craft import");
    const list = (await bob.get(`/api/chat-sessions?projectId=${projectId}`)).body.chatSessions;
    expect(list).toHaveLength(1);
    const again = await send(
      "GET",
      `/api/chat-sessions/${list[0].id}/export?format=json`,
      bob.cookie,
    );
    const strip = (text: string) => {
      const { session } = JSON.parse(text);
      const ids = new Map<string, string>(
        session.messages.map((m: { id: string }, i: number) => [m.id, `m${i}`]),
      );
      const key = (value: string | null) => (value === null ? null : ids.get(value));
      return {
        ...session,
        id: null,
        projectId: null,
        activeLeafId: key(session.activeLeafId),
        summary: session.summary && {
          ...session.summary,
          throughId: key(session.summary.throughId),
        },
        messages: session.messages.map((m: { id: string; parentId: string | null }) => ({
          ...m,
          id: key(m.id),
          parentId: key(m.parentId),
        })),
      };
    };
    expect(strip(await again.text())).toEqual(strip(document));
  });
});

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();

/**
 * A Craft project export written by hand: `sessions` sessions of `messages` messages each (one
 * branch), in one project; `cut` leaves out the end line and the last session's last message.
 */
function craftFile({
  sessions,
  messages = 3,
  cut = false,
  prefix = newId("f"),
  tags = [],
}: {
  sessions: number;
  messages?: number;
  cut?: boolean;
  prefix?: string;
  tags?: { name: string; color: string }[];
}): string {
  const lines: unknown[] = [
    { type: "craft.export", version: 1, scope: "project", exportedAt: at(59) },
    {
      type: "project",
      id: `${prefix}-p`,
      name: "Fixture",
      description: null,
      projectType: "document",
      status: "active",
      files: {},
      createdAt: at(0),
      updatedAt: at(0),
    },
  ];
  for (let s = 0; s < sessions; s++) {
    const id = `${prefix}-s${s}`;
    lines.push({
      type: "session",
      id,
      projectId: `${prefix}-p`,
      name: `Session ${s}`,
      nameSource: "user",
      createdAt: at(s),
      updatedAt: at(s + 1),
      pinned: false,
      archived: false,
      instructions: "",
      templateId: null,
      tags,
      activeLeafId: messages === 0 ? null : `${id}-m${messages - 1}`,
      summary: null,
    });
    for (let m = 0; m < messages; m++)
      lines.push({
        type: "message",
        sessionId: id,
        id: `${id}-m${m}`,
        parentId: m === 0 ? null : `${id}-m${m - 1}`,
        role: m % 2 === 0 ? "user" : "assistant",
        content: `Message ${m} of session ${s}`,
        status: "complete",
        createdAt: at(s),
      });
  }
  if (cut) lines.pop();
  else lines.push({ type: "end", projects: 1, sessions, messages: sessions * messages });
  return lines.map((line) => `${JSON.stringify(line)}\n`).join("");
}

describe("the live import event", () => {
  it("tells the user's tabs how the import goes, down to its end", async () => {
    const bob = await signUp();
    const feed = await openEvents(bob.cookie);
    try {
      const res = await upload(bob, craftFile({ sessions: 2 }), "live.ndjson");
      const id = res.body.import.id;
      const running = await feed.next((e) => e.type === "import" && e.import.id === id, 10_000);
      expect(running.import.status).toBe("running");
      const ended = await feed.next(
        (e) => e.type === "import" && e.import.id === id && e.import.finishedAt !== null,
        10_000,
      );
      expect(ended.import).toMatchObject({ status: "done", conversationsImported: 2 });
    } finally {
      feed.close();
    }
  });
});

describe("importing again", () => {
  it("skips every conversation imported before, and imports one deleted since", async () => {
    const bob = await signUp();
    const file = craftFile({ sessions: 3 });
    const first = await imported(bob, file, "fixture.ndjson");
    expect(first).toMatchObject({ status: "done", conversationsImported: 3, messagesImported: 9 });
    const second = await imported(bob, file, "fixture.ndjson");
    expect(second).toMatchObject({
      status: "done",
      conversationsImported: 0,
      conversationsSkipped: 3,
      messagesImported: 0,
      // Nothing new to hold them: no project made.
      createdProjectIds: [],
    });
    expect(await sessionCount(bob.userId)).toBe(3);

    const [projectId] = first.createdProjectIds;
    const list = (await bob.get(`/api/chat-sessions?projectId=${projectId}`)).body.chatSessions;
    const gone = list.find((s: { name: string }) => s.name === "Session 1");
    expect((await bob.delete(`/api/chat-sessions/${gone.id}`)).status).toBe(200);
    const third = await imported(bob, file, "fixture.ndjson");
    expect(third).toMatchObject({ conversationsImported: 1, conversationsSkipped: 2 });
    expect(await sessionCount(bob.userId)).toBe(3);
  });
});

describe("tags", () => {
  it("are found by name whatever the case, keep the user's colour, and stop at the per-user limit", async () => {
    const bob = await signUp();
    await sqlRows(sql`insert into tags (id, user_id, name, color)
      select ${bob.userId} || '-t' || g, ${bob.userId}, 'Tag ' || g, 'gray'
      from generate_series(1, ${MAX_TAGS_PER_USER - 1}) g`);
    const file = craftFile({
      sessions: 1,
      tags: [
        { name: "TAG 1", color: "red" },
        { name: "  New one  ", color: "green" },
        { name: "Newer", color: "blue" },
      ],
    });
    const job = await imported(bob, file, "tags.ndjson");
    expect(job.status).toBe("done");
    const [projectId] = job.createdProjectIds;
    const [session] = (await bob.get(`/api/chat-sessions?projectId=${projectId}`)).body
      .chatSessions;
    expect(session.tags.map((t: { name: string; color: string }) => [t.name, t.color])).toEqual([
      ["New one", "green"],
      ["Tag 1", "gray"],
    ]);
    expect((await bob.get("/api/tags")).body.tags).toHaveLength(MAX_TAGS_PER_USER);
  });
});

describe("into a chosen project", () => {
  it("puts every conversation there; someone else's project is a 404 and leaves no file", async () => {
    const bob = await signUp();
    const target = (await bob.post("/api/projects", { name: "Inbox" })).body.project;
    const job = await imported(bob, craftFile({ sessions: 2 }), "fixture.ndjson", target.id);
    expect(job).toMatchObject({ status: "done", projectId: target.id, createdProjectIds: [] });
    const list = (await bob.get(`/api/chat-sessions?projectId=${target.id}`)).body.chatSessions;
    expect(list.map((s: { name: string }) => s.name).sort()).toEqual(["Session 0", "Session 1"]);

    const eve = await signUp();
    const before = await readdir(uploadsFolder());
    const res = await upload(eve, craftFile({ sessions: 1 }), "x.ndjson", target.id);
    expect(res.status).toBe(404);
    expect(await readdir(uploadsFolder())).toEqual(before);
    expect((await eve.get("/api/imports")).body.imports).toEqual([]);
  });
});

describe("a bad file", () => {
  it("cut before its end: fails saying so and imports nothing, however much came before", async () => {
    const bob = await signUp();
    const cutPrefix = newId("cut");
    const job = await imported(
      bob,
      craftFile({ sessions: 3, cut: true, prefix: cutPrefix }),
      "cut.ndjson",
    );
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/^The file ends early/);
    expect(job).toMatchObject({ conversationsImported: 0, messagesImported: 0 });
    expect(await sessionCount(bob.userId)).toBe(0);
    // The whole file, later, brings in everything.
    const whole = await imported(
      bob,
      craftFile({ sessions: 3, prefix: cutPrefix }),
      "whole.ndjson",
    );
    expect(whole).toMatchObject({ status: "done", conversationsImported: 3 });
  });

  it("with a broken conversation after good ones imports none of them (the file is read through first)", async () => {
    const bob = await signUp();
    const fixture = async (name: string): Promise<unknown[]> =>
      JSON.parse(await readFile(`tests/fixtures/import/${name}`, "utf8"));
    const good = await fixture("chatgpt-conversations.json");
    const broken = await fixture("chatgpt-cycle.json");
    const job = await imported(bob, JSON.stringify([...good, ...broken]), "conversations.json");
    expect(job).toMatchObject({ status: "failed", conversationsImported: 0 });
    expect(job.error).toMatch(/has a cycle in its messages/);
    expect(await sessionCount(bob.userId)).toBe(0);
  });

  it("that is not JSON fails with a message naming the problem, importing nothing", async () => {
    const bob = await signUp();
    const job = await imported(bob, "this is not json", "notes.txt");
    expect(job).toMatchObject({ status: "failed", conversationsImported: 0 });
    expect(job.error).toBe("This file is not JSON");
    expect(await sessionCount(bob.userId)).toBe(0);
  });
});

describe("a conversation whose write fails mid-way", () => {
  it("leaves nothing of it: no session, no message, no record, the counters unmoved", async () => {
    const bob = await signUp();
    const { db } = await getDatabase();
    const project = (await bob.post("/api/projects", { name: "Target" })).body.project;
    const row = await insertImport(db, {
      userId: bob.userId,
      fileName: "direct",
      filePath: "/nonexistent",
      totalBytes: 0,
      projectId: project.id,
    });
    const messages = Array.from({ length: 700 }, (_, i) => ({
      sourceId: `m${i}`,
      parentSourceId: i === 0 ? null : `m${i - 1}`,
      role: i % 2 === 0 ? ("user" as const) : ("assistant" as const),
      content: `message ${i}`,
      // A status the database's check refuses: the third batch of messages fails.
      status: i === 650 ? ("bogus" as "complete") : ("complete" as const),
      createdAt: new Date(at(i % 60)),
    }));
    const conversation: ImportedConversation = {
      source: "chatgpt",
      sourceId: newId("conv"),
      title: "Half written",
      createdAt: new Date(at(0)),
      updatedAt: new Date(at(1)),
      messages,
      activeLeafSourceId: "m699",
    };
    await expect(
      importConversation(db, {
        userId: bob.userId,
        importId: row.id,
        projectId: project.id,
        conversation,
      }),
    ).rejects.toThrow();
    expect(await sessionCount(bob.userId)).toBe(0);
    const left = await sqlRows<{ n: number }>(sql`select
      (select count(*)::int from chat_messages where user_id = ${bob.userId}) +
      (select count(*)::int from imported_conversations where user_id = ${bob.userId}) as n`);
    expect(left[0]?.n).toBe(0);
    const job = (await bob.get(`/api/imports/${row.id}`)).body.import;
    expect(job).toMatchObject({ conversationsImported: 0, messagesImported: 0 });

    // The same conversation without the bad status goes in whole, with its skip pointers.
    messages[650] = { ...messages[650], status: "complete" } as (typeof messages)[number];
    const outcome = await importConversation(db, {
      userId: bob.userId,
      importId: row.id,
      projectId: project.id,
      conversation,
    });
    expect(outcome.kind).toBe("imported");
    // Each skip pointer leads to the ancestor at skipDepth(depth), as the app's own writes do.
    const pointers = await sqlRows<{ depth: number; skip_depth: number | null }>(sql`select
        m.depth, s.depth as skip_depth
      from chat_messages m left join chat_messages s on s.user_id = m.user_id and s.id = m.skip_id
      where m.user_id = ${bob.userId} order by m.depth`);
    expect(pointers.map((p) => p.depth)).toEqual(messages.map((_, i) => i + 1));
    for (const { depth, skip_depth } of pointers)
      expect(skip_depth ?? 0, `depth ${depth}`).toBe(skipDepth(depth));
    const session = await sqlRows<{ message_count: number; last_message_seq: number }>(
      sql`select message_count, last_message_seq from chat_sessions where project_id = ${project.id}`,
    );
    expect(session).toEqual([{ message_count: 700, last_message_seq: 700 }]);
  });
});

describe("the upload", () => {
  it("over IMPORT_MAX_BYTES is a 413 and leaves no file, however the size is told", async () => {
    const bob = await signUp();
    const before = await readdir(uploadsFolder()).catch(() => []);
    // Just over: only counting the bytes as they arrive can tell.
    const res = await upload(bob, "x".repeat(MAX_BYTES + 1_000), "big.ndjson");
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
    // Far over: the declared length is refused before anything is read.
    const huge = await upload(bob, "x".repeat(MAX_BYTES * 2), "huge.ndjson");
    expect(huge.status).toBe(413);
    expect(await readdir(uploadsFolder())).toEqual(before);
    expect((await bob.get("/api/imports")).body.imports).toEqual([]);
  });

  it("that is not multipart, has no file or an empty one is a 400", async () => {
    const bob = await signUp();
    const json = await bob.post("/api/import", { file: "conversations" });
    expect(json.status).toBe(400);
    const noFile = new FormData();
    noFile.set("projectId", "abc");
    expect((await bob.upload("/api/import", noFile)).status).toBe(400);
    const empty = await upload(bob, "", "empty.json");
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/empty/);
    expect((await bob.get("/api/imports")).body.imports).toEqual([]);
  });

  it("beyond IMPORT_UPLOADS_PER_HOUR is a 429 with Retry-After", async () => {
    const bob = await signUp();
    for (let i = 0; i < UPLOADS_PER_HOUR; i++)
      expect((await upload(bob, "", "empty.json")).status).toBe(400);
    const refused = await upload(bob, craftFile({ sessions: 1 }), "one.ndjson");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another user has their own allowance.
    const eve = await signUp();
    expect((await upload(eve, "", "empty.json")).status).toBe(400);
  });
});

describe("imports and their owner", () => {
  it("lists the user's own imports, newest first; another user's import is a 404", async () => {
    const bob = await signUp();
    const first = await imported(bob, craftFile({ sessions: 1 }), "one.ndjson");
    const second = await imported(bob, craftFile({ sessions: 1 }), "two.ndjson");
    const list = (await bob.get("/api/imports?limit=5")).body.imports;
    expect(list.map((i: { id: string }) => i.id)).toEqual([second.id, first.id]);
    expect(list[0].fileName).toBe("two.ndjson");

    const eve = await signUp();
    const theirs = await eve.get(`/api/imports/${first.id}`);
    expect(theirs.status).toBe(404);
    expect((await eve.get("/api/imports")).body.imports).toEqual([]);
  });
});

describe("a restart mid-import", () => {
  it("resumes an import whose worker died, skipping what it wrote, without duplicates", async () => {
    const bob = await signUp();
    const { db } = await getDatabase();
    const file = craftFile({ sessions: 4 });
    const id = newId("imp");
    const filePath = `${uploadsFolder()}/${id}`;
    await writeFile(filePath, file);
    const row = await insertImport(db, {
      id,
      userId: bob.userId,
      fileName: "crashed.ndjson",
      filePath,
      totalBytes: Buffer.byteLength(file),
      projectId: null,
    });
    // The worker that died had written two conversations (and made their project) first.
    const crashed = openCraftExport(filePath, Buffer.byteLength(file));
    let written = 0;
    for await (const conversation of crashed.conversations()) {
      if (written === 2) break;
      const projectId = await projectForImport(db, {
        userId: bob.userId,
        importId: id,
        key: `craft:${conversation.craft?.project.sourceId}`,
        project: conversation.craft?.project ?? expect.fail("a Craft conversation"),
      });
      await importConversation(db, { userId: bob.userId, importId: id, projectId, conversation });
      written += 1;
    }
    await sqlRows(sql`update imports set status = 'running' where id = ${row.id}`);

    // Its lease still holds: nobody takes it.
    expect(await resumeAbandonedImports(db)).toBe(0);
    await sqlRows(
      sql`update imports set running_since = now() - interval '10 minutes' where id = ${row.id}`,
    );
    expect(await resumeAbandonedImports(db)).toBe(1);
    await importRun(id);

    const job = (await bob.get(`/api/imports/${id}`)).body.import;
    expect(job).toMatchObject({
      status: "done",
      conversationsImported: 4,
      conversationsSkipped: 0,
      messagesImported: 12,
    });
    expect(job.createdProjectIds).toHaveLength(1);
    expect(await sessionCount(bob.userId)).toBe(4);
    const projects = (await bob.get("/api/projects")).body.projects;
    expect(projects).toHaveLength(1);
    expect(await readdir(uploadsFolder())).not.toContain(id);
  });
});
