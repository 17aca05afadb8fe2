// Organizing sessions: the user's tags (CRUD, limits, names unique whatever the case), a
// session's tags, pin and archive through PATCH and in bulk, and the list they shape: pinned
// first, archived apart, filtered by tags, paged by cursor. Organizing is not activity.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { chatSessionBody, chatSessionListBody, tagBody, tagListBody } from "@/lib/contract/bodies";
import { MAX_TAGS_PER_SESSION } from "@/lib/contract/limits";
import { type Client, signUp } from "../helpers/app";
import { sqlRows } from "../helpers/sql";

type User = Awaited<ReturnType<typeof signUp>>;

let alice: User;
let bob: User;

beforeAll(async () => {
  alice = await signUp();
  bob = await signUp();
});

async function project(user: Client) {
  return (await user.post("/api/projects", { name: "Organized" })).body.project.id as string;
}

async function session(user: Client, projectId: string, name: string) {
  const res = await user.post("/api/chat-sessions", { projectId, name });
  expect(res.status).toBe(201);
  return res.body.chatSession.id as string;
}

async function tag(user: Client, name: string, color?: string) {
  const res = await user.post("/api/tags", { name, color });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return tagBody.parse(res.body).tag;
}

/** The names of a project's listed sessions, in list order, all pages read by `limit`. */
async function listed(user: Client, projectId: string, query = "", limit = 2) {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await user.get(
      `/api/chat-sessions?projectId=${projectId}&includeMessages=false&limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = chatSessionListBody.parse(res.body);
    names.push(...page.chatSessions.map((s) => s.name));
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return names;
}

/** Every organizing row, every column: equal snapshots mean nothing was written. */
async function snapshot() {
  return {
    sessions: await sqlRows(sql`select * from chat_sessions order by id`),
    tags: await sqlRows<{ id: string }>(sql`select * from tags order by id`),
    links: await sqlRows(sql`select * from chat_session_tags order by 1, 2`),
  };
}

describe("tags", () => {
  it("are created, renamed, recoloured and deleted, and counted on sessions", async () => {
    const bug = await tag(alice, "  Bug  ", "red");
    expect(bug).toMatchObject({ name: "Bug", color: "red", sessionCount: 0 });
    const plain = await tag(alice, "Plain");
    expect(plain.color).toBe("gray");

    const projectId = await project(alice);
    const id = await session(alice, projectId, "Tagged");
    await alice.patch(`/api/chat-sessions/${id}`, { tags: [bug.id, plain.id] });
    const renamed = await alice.patch(`/api/tags/${bug.id}`, { name: "Defect", color: "orange" });
    expect(tagBody.parse(renamed.body).tag).toMatchObject({
      name: "Defect",
      color: "orange",
      sessionCount: 1,
    });
    const shown = (await alice.get(`/api/chat-sessions/${id}`)).body.chatSession;
    expect(shown.tags).toEqual([
      { id: bug.id, name: "Defect", color: "orange" },
      { id: plain.id, name: "Plain", color: "gray" },
    ]);
  });

  it("refuses bad names, colours and duplicates whatever the case, changing nothing", async () => {
    await tag(alice, "Review");
    const before = await snapshot();
    for (const [body, status] of [
      [{ name: "" }, 400],
      [{ name: "   " }, 400],
      [{ name: "x".repeat(41) }, 400],
      [{ name: "ok", color: "mauve" }, 400],
      [{ name: "ok", extra: 1 }, 400],
      [{ name: "REVIEW" }, 409],
      [{ name: " review " }, 409],
    ] as const) {
      const res = await alice.post("/api/tags", body);
      expect(res.status, JSON.stringify(body)).toBe(status);
    }
    const other = await tag(alice, "Other");
    const rename = await alice.patch(`/api/tags/${other.id}`, { name: "rEvIeW" });
    expect(rename.status).toBe(409);
    expect((await alice.patch(`/api/tags/${other.id}`, {})).status).toBe(400);
    const after = await snapshot();
    expect(after.tags.length).toBe(before.tags.length + 1);
    expect(after.tags.filter((t) => t.id !== other.id)).toEqual(before.tags);
  });

  it("belong to their user: another user's tag id is not found anywhere", async () => {
    const mine = await tag(alice, "Alice only");
    const projectId = await project(bob);
    const bobs = await session(bob, projectId, "Bob's");
    const before = await snapshot();
    expect((await bob.patch(`/api/tags/${mine.id}`, { name: "Taken" })).status).toBe(404);
    expect((await bob.delete(`/api/tags/${mine.id}`)).status).toBe(404);
    expect((await bob.patch(`/api/chat-sessions/${bobs}`, { tags: [mine.id] })).status).toBe(404);
    expect((await bob.get(`/api/chat-sessions?projectId=${projectId}&tag=${mine.id}`)).status).toBe(
      404,
    );
    expect(
      (
        await bob.post("/api/chat-sessions/bulk", {
          ids: [bobs],
          action: "tag",
          tagIds: [mine.id],
        })
      ).status,
    ).toBe(404);
    const bobTags = tagListBody.parse((await bob.get("/api/tags")).body).tags;
    expect(bobTags.map((t) => t.id)).not.toContain(mine.id);
    expect(await snapshot()).toEqual(before);
  });

  it("deleted: leaves every session that carried it", async () => {
    const gone = await tag(alice, "Temporary");
    const projectId = await project(alice);
    const id = await session(alice, projectId, "Had a tag");
    await alice.patch(`/api/chat-sessions/${id}`, { tags: [gone.id] });
    expect((await alice.delete(`/api/tags/${gone.id}`)).status).toBe(200);
    const res = await alice.get(`/api/chat-sessions/${id}`);
    expect(res.body.chatSession.tags).toEqual([]);
    expect((await alice.delete(`/api/tags/${gone.id}`)).status).toBe(404);
  });
});

describe("a session's tags, pin and archive", () => {
  it("change through PATCH without moving updatedAt; a rename still moves it", async () => {
    const t = await tag(alice, "Quiet");
    const projectId = await project(alice);
    const id = await session(alice, projectId, "Still");
    const before = (await alice.get(`/api/chat-sessions/${id}`)).body.chatSession;
    const res = await alice.patch(`/api/chat-sessions/${id}`, {
      tags: [t.id],
      pinned: true,
      instructions: "  Answer in French.  ",
    });
    expect(res.status).toBe(200);
    const changed = chatSessionBody.parse(res.body).chatSession;
    expect(changed).toMatchObject({
      pinned: true,
      archived: false,
      instructions: "Answer in French.",
      tags: [{ id: t.id, name: "Quiet", color: "gray" }],
      updatedAt: before.updatedAt,
    });
    const archived = (await alice.patch(`/api/chat-sessions/${id}`, { archived: true })).body;
    expect(archived.chatSession).toMatchObject({ archived: true, pinned: false });
    expect(archived.chatSession.updatedAt).toBe(before.updatedAt);
    const renamed = (await alice.patch(`/api/chat-sessions/${id}`, { name: "Moved" })).body;
    expect(renamed.chatSession.updatedAt > before.updatedAt).toBe(true);
  });

  it("refuses too many tags, repeats, unknown tags and pinning an archive, changing nothing", async () => {
    const projectId = await project(alice);
    const id = await session(alice, projectId, "Limits");
    const many = [];
    for (let i = 0; i <= MAX_TAGS_PER_SESSION; i++) many.push((await tag(alice, `Many ${i}`)).id);
    await alice.patch(`/api/chat-sessions/${id}`, { tags: many.slice(0, 2) });
    const before = await snapshot();
    const tooMany = await alice.patch(`/api/chat-sessions/${id}`, { tags: many });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain(`at most ${MAX_TAGS_PER_SESSION} tags`);
    for (const body of [
      { tags: [many[0], many[0]] },
      { tags: "not-a-list" },
      { pinned: "yes" },
      { archived: true, pinned: true },
      { instructions: "x".repeat(10_001) },
      {},
    ])
      expect(
        (await alice.patch(`/api/chat-sessions/${id}`, body)).status,
        JSON.stringify(body),
      ).toBe(400);
    const unknown = await alice.patch(`/api/chat-sessions/${id}`, {
      name: "Not renamed",
      tags: ["doesnotexist000000000009"],
    });
    expect(unknown.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});

describe("the list", () => {
  it("shows pinned sessions first, hides archived ones and filters by every tag given", async () => {
    const projectId = await project(alice);
    const red = await tag(alice, "List red", "red");
    const blue = await tag(alice, "List blue", "blue");
    const ids: Record<string, string> = {};
    for (const name of ["one", "two", "three", "four", "five"])
      ids[name] = await session(alice, projectId, name);
    // Newest first: five, four, three, two, one.
    expect(await listed(alice, projectId)).toEqual(["five", "four", "three", "two", "one"]);

    await alice.patch(`/api/chat-sessions/${ids.two}`, { pinned: true });
    await alice.patch(`/api/chat-sessions/${ids.four}`, { archived: true });
    await alice.patch(`/api/chat-sessions/${ids.one}`, { tags: [red.id, blue.id] });
    await alice.patch(`/api/chat-sessions/${ids.three}`, { tags: [red.id] });
    await alice.patch(`/api/chat-sessions/${ids.four}`, { tags: [red.id] });

    // Pages of 2 cross from the pinned group to the rest and keep the order.
    expect(await listed(alice, projectId)).toEqual(["two", "five", "three", "one"]);
    expect(await listed(alice, projectId, "&archived=true")).toEqual(["four"]);
    expect(await listed(alice, projectId, `&tag=${red.id}`, 1)).toEqual(["three", "one"]);
    expect(await listed(alice, projectId, `&tag=${red.id}&tag=${blue.id}`)).toEqual(["one"]);
    expect(await listed(alice, projectId, `&tag=${red.id}&archived=true`)).toEqual(["four"]);

    // The unpaged spec form agrees, with tags on every session.
    const all = chatSessionListBody.parse(
      (await alice.get(`/api/chat-sessions?projectId=${projectId}`)).body,
    ).chatSessions;
    expect(all.map((s) => s.name)).toEqual(["two", "five", "three", "one"]);
    expect(all.find((s) => s.name === "one")?.tags.map((t) => t.name)).toEqual([
      "List blue",
      "List red",
    ]);
    for (const q of ["&archived=maybe", "&tag=bad%20id", `&tag=${"a".repeat(65)}`])
      expect((await alice.get(`/api/chat-sessions?projectId=${projectId}${q}`)).status, q).toBe(
        400,
      );
  });

  it("opens a project at its first listed session: pinned, and never an archived one", async () => {
    const projectId = await project(alice);
    const older = await session(alice, projectId, "older");
    const newer = await session(alice, projectId, "newer");
    await alice.patch(`/api/chat-sessions/${older}`, { pinned: true });
    const { ensureChatSession } = await import("@/server/queries/chat-sessions");
    const { getDatabase } = await import("@/server/db");
    const { db } = await getDatabase();
    expect(await ensureChatSession(db, { projectId, userId: alice.userId })).toBe(older);
    await alice.post("/api/chat-sessions/bulk", { ids: [older, newer], action: "archive" });
    const fresh = await ensureChatSession(db, { projectId, userId: alice.userId });
    expect(fresh).not.toBe(older);
    expect(fresh).not.toBe(newer);
  });
});

describe("bulk actions", () => {
  it("tag, untag, pin, archive and delete several sessions at once", async () => {
    const projectId = await project(alice);
    const t = await tag(alice, "Bulk");
    const ids = [
      await session(alice, projectId, "b1"),
      await session(alice, projectId, "b2"),
      await session(alice, projectId, "b3"),
    ];
    const before = (await alice.get(`/api/chat-sessions/${ids[0]}`)).body.chatSession.updatedAt;
    const tagged = await alice.post<{ chatSessions: { tags: unknown[] }[] }>(
      "/api/chat-sessions/bulk",
      {
        ids: ids.slice(0, 2),
        action: "tag",
        tagIds: [t.id],
      },
    );
    expect(tagged.status).toBe(200);
    expect(tagged.body.chatSessions.map((s: { tags: unknown[] }) => s.tags.length)).toEqual([1, 1]);
    expect(await listed(alice, projectId, `&tag=${t.id}`)).toEqual(["b2", "b1"]);
    await alice.post("/api/chat-sessions/bulk", { ids: [ids[0]], action: "untag", tagIds: [t.id] });
    expect(await listed(alice, projectId, `&tag=${t.id}`)).toEqual(["b2"]);
    await alice.post("/api/chat-sessions/bulk", { ids: [ids[0]], action: "pin" });
    expect(await listed(alice, projectId)).toEqual(["b1", "b3", "b2"]);
    await alice.post("/api/chat-sessions/bulk", { ids: ids.slice(0, 2), action: "archive" });
    expect(await listed(alice, projectId)).toEqual(["b3"]);
    expect((await alice.get(`/api/chat-sessions/${ids[0]}`)).body.chatSession).toMatchObject({
      archived: true,
      pinned: false,
      updatedAt: before,
    });
    const deleted = await alice.post("/api/chat-sessions/bulk", { ids, action: "delete" });
    expect(deleted.body.deletedIds.sort()).toEqual([...ids].sort());
    expect(await listed(alice, projectId)).toEqual([]);
  });

  it("is all or none: a session of another user, bad input or too many tags change nothing", async () => {
    const projectId = await project(alice);
    const mine = await session(alice, projectId, "mine");
    const bobsProject = await project(bob);
    const bobs = await session(bob, bobsProject, "bob's");
    const tags = [];
    for (let i = 0; i < MAX_TAGS_PER_SESSION; i++) tags.push((await tag(alice, `Full ${i}`)).id);
    await alice.patch(`/api/chat-sessions/${mine}`, { tags: tags.slice(1) });
    const extra = (await tag(alice, "One more")).id;
    const before = await snapshot();
    for (const action of ["archive", "delete"])
      expect(
        (await alice.post("/api/chat-sessions/bulk", { ids: [mine, bobs], action })).status,
      ).toBe(404);
    const over = await alice.post("/api/chat-sessions/bulk", {
      ids: [mine],
      action: "tag",
      tagIds: [tags[0], extra],
    });
    expect(over.status).toBe(409);
    for (const body of [
      { ids: [], action: "archive" },
      { ids: [mine], action: "explode" },
      { ids: [mine], action: "tag" },
      { ids: [mine], action: "archive", tagIds: [extra] },
      { ids: Array.from({ length: 101 }, (_, i) => `s${i}`), action: "archive" },
    ])
      expect((await alice.post("/api/chat-sessions/bulk", body)).status, JSON.stringify(body)).toBe(
        400,
      );
    expect(await snapshot()).toEqual(before);
  });
});

describe("search", () => {
  it("still finds an archived session, and says it is archived", async () => {
    const projectId = await project(alice);
    const id = await session(alice, projectId, "Zanzibar plans");
    await alice.patch(`/api/chat-sessions/${id}`, { archived: true });
    const res = await alice.get("/api/search?q=zanzibar");
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ chatSessionId: id, archived: true }),
    ]);
  });
});
