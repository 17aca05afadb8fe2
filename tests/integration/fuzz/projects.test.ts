// Fuzzing the projects endpoints (tests/helpers/fuzz.ts holds the generators and the contract):
// generated bodies for POST /api/projects and PATCH /api/projects/[id], generated query strings
// for GET /api/projects.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { projectListBody } from "@/lib/contract/bodies";
import {
  acceptWrites,
  arbitraries,
  expectReached,
  fx,
  get,
  json,
  listExchange,
  onTheWire,
  options,
  paged,
  pathSegment,
  projectAccepted,
  RUNS,
  setUpFuzzing,
} from "../../helpers/fuzz";

setUpFuzzing();

describe("fuzzed JSON bodies", () => {
  it("POST /api/projects", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).createProject, (body) =>
        json("POST", "/api/projects", body, (res) => projectAccepted(res, onTheWire(body), null)),
      ),
      options(RUNS.createProject),
    );
    expectReached(RUNS.createProject, ["POST /api/projects"]);
  });

  it("PATCH /api/projects/[id]", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).updateProject, async ([id, body]) => {
        const path = `/api/projects/${pathSegment(id)}`;
        const previous = fx.projectIds.includes(id) ? (await get(path)).body.project : null;
        await json("PATCH", path, body, async (res) => {
          expect(previous, `PATCH of ${id} accepted`).not.toBeNull();
          await projectAccepted(res, onTheWire(body), previous);
        });
      }),
      options(RUNS.updateProject),
    );
    expectReached(RUNS.updateProject, ["PATCH /api/projects/[id]"]);
  });
});

describe("fuzzed query strings", () => {
  it("GET /api/projects", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraries(fx).listProjects, (entries) =>
        listExchange("/api/projects", entries, (body, q) => {
          const parsed = projectListBody.parse(body);
          for (const p of parsed.projects) expect(p.userId).toBe(fx.alice.userId);
          expect(Object.hasOwn(body, "nextCursor")).toBe(paged(q, "cursor"));
        }),
      ),
      options(RUNS.listProjects),
    );
    expectReached(RUNS.listProjects, ["GET /api/projects"]);
  });
});

describe("what the fuzzing found, pinned", () => {
  it("stores a description without a leading byte order mark on both databases", async () => {
    const res = await fx.alice.post("/api/projects", {
      name: "BOM",
      description: "\uFEFFstarts with a BOM\uFEFF",
    });
    expect(res.status).toBe(201);
    expect(res.body.project.description).toBe("starts with a BOM\uFEFF");
    const back = await get(`/api/projects/${res.body.project.id}`);
    expect(back.body.project.description).toBe("starts with a BOM\uFEFF");
    await acceptWrites();
  });
});
