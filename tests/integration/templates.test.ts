// Session templates: the built-ins every user reads and nobody changes, a user's own (from
// fields, from a session, as a copy), sessions started from one, and the instructions that
// reach the model on every reply. Bad input and other users' ids change nothing.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase } from "@/server/db";
import { BUILT_IN_TEMPLATES, upsertBuiltInTemplates } from "@/server/queries/built-in-templates";
import { deleteTag, insertTag } from "@/server/queries/tags";
import { type Client, signUp } from "../helpers/app";
import { chatBody, sessionFor, settledReply } from "../helpers/chat";
import { fakeProviderForFile } from "../helpers/fake-openai";
import { sqlRows } from "../helpers/sql";
import { readChunks } from "../helpers/ui-stream";

const fake = await fakeProviderForFile();

const HEADING = "Instructions for this chat (from the user):";

async function tagOf(user: Client & { userId: string }, name: string) {
  const { db } = await getDatabase();
  return insertTag(db, { userId: user.userId, name });
}

async function templateRows() {
  return sqlRows<Record<string, unknown>>(sql`select * from session_templates order by id`);
}

async function sessionRowsAll() {
  return sqlRows(sql`select * from chat_sessions order by id`);
}

/** Asks the model in a session and returns the system prompt the fake server received. */
async function systemPromptOf(user: Client, chatSessionId: string, text: string) {
  const res = await user.stream("/api/chat", chatBody(chatSessionId, text));
  expect(res.status).toBe(200);
  const chunks = await readChunks(res);
  await settledReply(String(chunks.find((c) => c.type === "start")?.messageId));
  // The reply's request, not the title the model may be asked for after a first reply.
  const asked = fake.requests.find((r) => r.messages.at(-1)?.content === text);
  const system = asked?.messages[0];
  expect(system).toMatchObject({ role: "system" });
  return String(system?.content);
}

describe("the built-in templates", () => {
  it("are listed first, in their shipped order, to every user, before the user's own by name", async () => {
    const alice = await signUp();
    const bob = await signUp();
    for (const name of ["zebra", "Alpha"]) {
      expect((await alice.post("/api/templates", { name })).status).toBe(201);
    }
    await bob.post("/api/templates", { name: "Bob's own" });
    const list = (await alice.get("/api/templates")).body.templates;
    expect(list.map((t: { id: string }) => t.id).slice(0, BUILT_IN_TEMPLATES.length)).toEqual(
      BUILT_IN_TEMPLATES.map((t) => t.id),
    );
    expect(list.slice(BUILT_IN_TEMPLATES.length).map((t: { name: string }) => t.name)).toEqual([
      "Alpha",
      "zebra",
    ]);
    const [review] = list;
    expect(review).toMatchObject({ id: "builtin-code-review", builtIn: true, tags: [] });
    expect(review.instructions.length).toBeGreaterThan(100);
    expect(review.firstMessage).toContain("[paste");
    expect(list.at(-1).builtIn).toBe(false);
  });

  it("are written once: a second start-up changes no row", async () => {
    const before = await templateRows();
    const { db } = await getDatabase();
    await upsertBuiltInTemplates(db);
    expect(await templateRows()).toEqual(before);
    expect(before.filter((row) => row.user_id === null)).toHaveLength(BUILT_IN_TEMPLATES.length);
  });

  it("cannot be changed or deleted (409), and copying one gives an editable template", async () => {
    const alice = await signUp();
    const before = await templateRows();
    const patch = await alice.patch("/api/templates/builtin-code-review", { name: "Mine now" });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe("conflict");
    expect((await alice.delete("/api/templates/builtin-code-review")).status).toBe(409);
    expect(await templateRows()).toEqual(before);

    const copy = await alice.post("/api/templates", { copyOf: "builtin-debug-error" });
    expect(copy.status).toBe(201);
    const original = BUILT_IN_TEMPLATES.find((t) => t.id === "builtin-debug-error");
    expect(copy.body.template).toMatchObject({
      name: "Debug an error (copy)",
      instructions: original?.instructions,
      firstMessage: original?.firstMessage,
      builtIn: false,
    });
    const renamed = await alice.patch(`/api/templates/${copy.body.template.id}`, {
      name: "My debugging",
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.template.name).toBe("My debugging");
  });
});

describe("a user's templates", () => {
  it("are created, read, changed and deleted, with tags that are the user's", async () => {
    const alice = await signUp();
    const bug = await tagOf(alice, "bug");
    const created = await alice.post("/api/templates", {
      name: "  Triage  ",
      description: "Sort a bug report",
      instructions: "Ask for a reproduction first.",
      firstMessage: "Bug: ",
      tagIds: [bug.id],
    });
    expect(created.status).toBe(201);
    const template = created.body.template;
    expect(template).toMatchObject({
      name: "Triage",
      description: "Sort a bug report",
      instructions: "Ask for a reproduction first.",
      firstMessage: "Bug: ",
      tags: [{ id: bug.id, name: "bug", color: "gray" }],
      builtIn: false,
    });
    expect((await alice.get(`/api/templates/${template.id}`)).body.template).toEqual(template);

    const changed = await alice.patch(`/api/templates/${template.id}`, {
      instructions: "Ask for logs.",
      tagIds: [],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.template).toMatchObject({ name: "Triage", instructions: "Ask for logs." });
    expect(changed.body.template.tags).toEqual([]);

    expect((await alice.delete(`/api/templates/${template.id}`)).status).toBe(200);
    expect((await alice.get(`/api/templates/${template.id}`)).status).toBe(404);
  });

  it("lose a tag when the tag is deleted", async () => {
    const alice = await signUp();
    const [a, b] = [await tagOf(alice, "a"), await tagOf(alice, "b")];
    const { template } = (
      await alice.post("/api/templates", { name: "Tagged", tagIds: [a.id, b.id] })
    ).body;
    const { db } = await getDatabase();
    await deleteTag(db, { id: a.id, userId: alice.userId });
    const read = (await alice.get(`/api/templates/${template.id}`)).body.template;
    expect(read.tags.map((t: { id: string }) => t.id)).toEqual([b.id]);
  });

  it("refuse bad input with 400 or 404 and change nothing", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const bobsTag = await tagOf(bob, "bob's");
    const { template } = (await alice.post("/api/templates", { name: "Kept" })).body;
    const before = await templateRows();
    const bad: [Record<string, unknown>, number, string][] = [
      [{ name: "" }, 400, "name"],
      [{ name: "   " }, 400, "name"],
      [{ name: "x".repeat(101) }, 400, "name"],
      [{ description: "d".repeat(501) }, 400, "description"],
      [{ instructions: "i".repeat(10_001) }, 400, "instructions"],
      [{ firstMessage: "nul\u0000" }, 400, "firstMessage"],
      [{ tagIds: ["a", "a"] }, 400, "tagIds"],
      [{ unknown: 1 }, 400, ""],
      [{ tagIds: ["doesnotexist0000"] }, 404, ""],
      [{ tagIds: [bobsTag.id] }, 404, ""],
    ];
    for (const [fields, status, path] of bad) {
      // A create needs a name: the good one, unless the name is what is wrong.
      const created = await alice.post("/api/templates", { name: "ok", ...fields });
      const patched = await alice.patch(`/api/templates/${template.id}`, fields);
      for (const res of [created, patched]) {
        expect(res.status, JSON.stringify(fields)).toBe(status);
        if (path)
          expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
      }
    }
    expect((await alice.post("/api/templates", { description: "no name" })).status).toBe(400);
    expect((await alice.patch(`/api/templates/${template.id}`, {})).status).toBe(400);
    expect(await templateRows()).toEqual(before);
  });

  it("are invisible to other users: 404 on every route, and nothing changes", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { template } = (
      await alice.post("/api/templates", { name: "Alice's", instructions: "Alice-only words" })
    ).body;
    const { project } = await sessionFor(bob);
    const before = { templates: await templateRows(), sessions: await sessionRowsAll() };
    const unknown = "doesnotexist00000000";
    for (const id of [template.id, unknown]) {
      expect((await bob.get(`/api/templates/${id}`)).status).toBe(404);
      expect((await bob.patch(`/api/templates/${id}`, { name: "Bob's" })).status).toBe(404);
      expect((await bob.delete(`/api/templates/${id}`)).status).toBe(404);
      expect((await bob.post("/api/templates", { copyOf: id })).status).toBe(404);
      const started = await bob.post("/api/chat-sessions", {
        projectId: project.id,
        templateId: id,
      });
      expect(started.status).toBe(404);
      expect(started.body.error.message).toBe("Template not found");
    }
    const listed = (await bob.get("/api/templates")).body.templates;
    expect(JSON.stringify(listed)).not.toContain("Alice-only words");
    expect({ templates: await templateRows(), sessions: await sessionRowsAll() }).toEqual(before);
  });
});

describe("saving a session as a template", () => {
  it("takes its name, instructions, tags and the first question of its active branch", async () => {
    const alice = await signUp();
    const tag = await tagOf(alice, "review");
    const { chatSession } = await sessionFor(alice);
    await alice.patch(`/api/chat-sessions/${chatSession.id}`, {
      name: "Reviewing the parser",
      instructions: "Be strict.",
      tags: [tag.id],
    });
    for (const content of ["Look at parse()", "And lex()"])
      await alice.post("/api/chat-messages", {
        chatSessionId: chatSession.id,
        role: "user",
        content,
      });
    const saved = await alice.post("/api/templates", { fromSessionId: chatSession.id });
    expect(saved.status).toBe(201);
    expect(saved.body.template).toMatchObject({
      name: "Reviewing the parser",
      instructions: "Be strict.",
      firstMessage: "Look at parse()",
      tags: [{ id: tag.id }],
      builtIn: false,
    });
    const named = await alice.post("/api/templates", {
      fromSessionId: chatSession.id,
      name: "Strict review",
    });
    expect(named.body.template).toMatchObject({
      name: "Strict review",
      instructions: "Be strict.",
    });
  });

  it("is 404 for another user's session, and creates nothing", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { chatSession } = await sessionFor(alice);
    const before = await templateRows();
    const res = await bob.post("/api/templates", { fromSessionId: chatSession.id });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("Chat session not found");
    expect(await templateRows()).toEqual(before);
  });
});

describe("a session started from a template", () => {
  it("copies its instructions and tags and remembers it, until the template is deleted", async () => {
    const alice = await signUp();
    const tag = await tagOf(alice, "tests");
    const { template } = (
      await alice.post("/api/templates", {
        name: "Tester",
        instructions: "Write vitest tests.",
        tagIds: [tag.id],
      })
    ).body;
    const { project } = await sessionFor(alice);
    const res = await alice.post("/api/chat-sessions", {
      projectId: project.id,
      templateId: template.id,
    });
    expect(res.status).toBe(201);
    const session = res.body.chatSession;
    expect(session).toMatchObject({
      instructions: "Write vitest tests.",
      templateId: template.id,
      tags: [{ id: tag.id, name: "tests", color: "gray" }],
      messages: [],
    });
    expect((await alice.get(`/api/chat-sessions/${session.id}`)).body.chatSession).toMatchObject({
      instructions: "Write vitest tests.",
      templateId: template.id,
      tags: [{ id: tag.id }],
    });

    await alice.patch(`/api/templates/${template.id}`, { instructions: "Changed later." });
    await alice.delete(`/api/templates/${template.id}`);
    expect((await alice.get(`/api/chat-sessions/${session.id}`)).body.chatSession).toMatchObject({
      instructions: "Write vitest tests.",
      templateId: null,
      tags: [{ id: tag.id }],
    });
  });

  it("sends its instructions to the model on every reply, as they are when asked", async () => {
    const alice = await signUp();
    const { project } = await sessionFor(alice);
    const review = BUILT_IN_TEMPLATES[0];
    const { chatSession } = (
      await alice.post("/api/chat-sessions", { projectId: project.id, templateId: review?.id })
    ).body;

    const first = await systemPromptOf(alice, chatSession.id, "Review this");
    expect(first).toContain("Project name: Chat project");
    expect(first.indexOf("Project name:")).toBeLessThan(first.indexOf(HEADING));
    expect(first.endsWith(`${HEADING}\n${review?.instructions}`)).toBe(true);

    await alice.patch(`/api/chat-sessions/${chatSession.id}`, { instructions: "Reply in haiku." });
    const second = await systemPromptOf(alice, chatSession.id, "And this");
    expect(second.endsWith(`${HEADING}\nReply in haiku.`)).toBe(true);
    expect(second).not.toContain(review?.instructions);

    await alice.patch(`/api/chat-sessions/${chatSession.id}`, { instructions: "" });
    expect(await systemPromptOf(alice, chatSession.id, "Plain")).not.toContain(HEADING);
  });
});
