import { describe, expect, it } from "vitest";
import { searchCursor } from "@/server/http/cursor-schemas";
import { searchQuery } from "@/server/http/schemas/search";

describe("the search query's parameters", () => {
  it("trims q and fills in order and limit", () => {
    expect(searchQuery.parse({ q: "  useEffect \n" })).toEqual({
      q: "useEffect",
      order: "relevance",
      limit: 20,
    });
    expect(searchQuery.parse({ q: "x", order: "newest", limit: "50", projectId: "p1" })).toEqual({
      q: "x",
      order: "newest",
      limit: 50,
      projectId: "p1",
    });
  });

  it.each([
    ["no q", {}],
    ["an empty q", { q: "" }],
    ["a blank q", { q: " \t\n " }],
    ["a NUL", { q: "a\u0000b" }],
    ["a lone surrogate", { q: "a\ud800" }],
    ["501 characters", { q: "x".repeat(501) }],
    ["501 emoji", { q: "😀".repeat(501) }],
    ["limit 0", { q: "x", limit: "0" }],
    ["limit 51", { q: "x", limit: "51" }],
    ["limit 1.5", { q: "x", limit: "1.5" }],
    ["another order", { q: "x", order: "oldest" }],
    ["a malformed projectId", { q: "x", projectId: "not an id" }],
  ])("refuses %s", (_, query) => {
    expect(searchQuery.safeParse(query).success).toBe(false);
  });

  it("counts characters as people do: 500 emoji are 500 characters", () => {
    expect(searchQuery.parse({ q: "😀".repeat(500) }).q).toHaveLength(1000);
  });
});

describe("search cursors", () => {
  it("read back what the API hands out, in either order", () => {
    const relevance = {
      order: "relevance",
      rank: 0.0607927143573761,
      kind: 1,
      id: "m1",
      until: "2026-11-29T07:48:33.509Z",
    };
    expect(searchCursor.parse(relevance)).toEqual({
      ...relevance,
      until: new Date(relevance.until),
    });
    const newest = { order: "newest", createdAt: "2026-11-29T07:48:33.508Z", kind: 0, id: "s1" };
    expect(searchCursor.parse(newest)).toEqual({
      ...newest,
      createdAt: new Date(newest.createdAt),
    });
  });

  it.each([
    ["no order", { rank: 1, kind: 1, id: "m1", until: "2026-01-01T00:00:00.000Z" }],
    ["another kind", { order: "newest", createdAt: "2026-01-01T00:00:00.000Z", kind: 2, id: "m" }],
    [
      "an id that cannot be",
      { order: "newest", createdAt: "2026-01-01T00:00:00.000Z", kind: 1, id: "a b" },
    ],
    [
      "a rank as text",
      { order: "relevance", rank: "1", kind: 1, id: "m", until: "2026-01-01T00:00:00.000Z" },
    ],
    ["a year 0 date", { order: "newest", createdAt: "0000-01-01T00:00:00.000Z", kind: 1, id: "m" }],
    [
      "an extra key",
      { order: "newest", createdAt: "2026-01-01T00:00:00.000Z", kind: 1, id: "m", x: 1 },
    ],
  ])("refuse %s", (_, cursor) => {
    expect(searchCursor.safeParse(cursor).success).toBe(false);
  });
});
