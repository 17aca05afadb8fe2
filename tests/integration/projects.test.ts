import { describe, expect, it } from "vitest";
import { client, signUp } from "../helpers/app";

describe("projects API", () => {
  it("creates, lists, reads, updates and deletes a project", async () => {
    const alice = await signUp();
    const created = await alice.post("/api/projects", {
      name: "  Website  ",
      description: "Landing",
    });
    expect(created.status).toBe(201);
    const project = created.body.project;
    expect(project).toMatchObject({
      name: "Website",
      description: "Landing",
      type: "document",
      status: "active",
      files: {},
      userId: alice.userId,
    });
    expect(project.id).toMatch(/^[a-z0-9]{20,32}$/);
    expect(new Date(project.createdAt).toISOString()).toBe(project.createdAt);

    const listed = await alice.get("/api/projects");
    expect(listed.body.projects.map((p: { id: string }) => p.id)).toEqual([project.id]);

    const patched = await alice.patch(`/api/projects/${project.id}`, {
      name: "Site",
      files: { "index.html": "<h1>Hi</h1>" },
      status: "archived",
    });
    expect(patched.status).toBe(200);
    expect(patched.body.project).toMatchObject({ name: "Site", status: "archived" });
    expect(patched.body.project.files).toEqual({ "index.html": "<h1>Hi</h1>" });
    expect(Date.parse(patched.body.project.updatedAt)).toBeGreaterThanOrEqual(
      Date.parse(project.updatedAt),
    );

    expect((await alice.get(`/api/projects/${project.id}`)).body.project.name).toBe("Site");
    expect((await alice.delete(`/api/projects/${project.id}`)).body).toEqual({ success: true });
    expect((await alice.get(`/api/projects/${project.id}`)).status).toBe(404);
  });

  it("lists the most recently updated project first", async () => {
    const alice = await signUp();
    const first = (await alice.post("/api/projects", { name: "First" })).body.project;
    const second = (await alice.post("/api/projects", { name: "Second" })).body.project;
    await alice.patch(`/api/projects/${first.id}`, { description: "touched" });
    const ids = (await alice.get("/api/projects")).body.projects.map((p: { id: string }) => p.id);
    expect(ids).toEqual([first.id, second.id]);
  });

  it("pages through projects with limit and cursor, each exactly once", async () => {
    const alice = await signUp();
    for (let i = 0; i < 7; i++) await alice.post("/api/projects", { name: `P${i}` });
    const all = (await alice.get("/api/projects")).body;
    expect(all.nextCursor).toBeUndefined();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        status: number;
        body: { projects: { id: string }[]; nextCursor: string | null };
      } = await alice.get(`/api/projects?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.projects.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.projects.map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.projects.map((p: { id: string }) => p.id));
    expect((await alice.get("/api/projects?limit=0")).status).toBe(400);
    expect((await alice.get("/api/projects?cursor=garbage")).status).toBe(400);
  });

  it("never writes fields a client may not set", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const project = (await alice.post("/api/projects", { name: "Mine" })).body.project;
    const res = await alice.patch(`/api/projects/${project.id}`, {
      name: "Still mine",
      id: "hijacked",
      userId: bob.userId,
      createdAt: "2000-01-01T00:00:00.000Z",
    });
    expect(res.status).toBe(200);
    expect(res.body.project).toMatchObject({ id: project.id, userId: alice.userId });
    expect(res.body.project.createdAt).toBe(project.createdAt);
    expect((await bob.get("/api/projects")).body.projects).toEqual([]);
  });

  it("hides another user's project behind the same 404 as an unknown id", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const project = (await alice.post("/api/projects", { name: "Private" })).body.project;
    const unknown = await bob.get("/api/projects/doesnotexist000000000000");
    for (const res of [
      await bob.get(`/api/projects/${project.id}`),
      await bob.patch(`/api/projects/${project.id}`, { name: "Mine now" }),
      await bob.delete(`/api/projects/${project.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(unknown.body);
    }
    expect((await bob.get("/api/projects")).body.projects).toEqual([]);
    expect((await alice.get(`/api/projects/${project.id}`)).body.project.name).toBe("Private");
  });

  it("answers 401 to anonymous requests on every route", async () => {
    const anonymous = client();
    for (const res of [
      await anonymous.get("/api/projects"),
      await anonymous.post("/api/projects", { name: "x" }),
      await anonymous.get("/api/projects/abc"),
      await anonymous.patch("/api/projects/abc", { name: "x" }),
      await anonymous.delete("/api/projects/abc"),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
  });

  it("rejects bad input with 400 and the failing paths", async () => {
    const alice = await signUp();
    const malformed = await alice.post("/api/projects", undefined, {
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("bad_request");

    const invalid = await alice.post("/api/projects", { name: "   ", type: 5 });
    expect(invalid.status).toBe(400);
    const paths = invalid.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "type"]));
    expect((await alice.get("/api/projects")).body.projects).toEqual([]);
  });
});
