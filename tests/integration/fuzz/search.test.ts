// Fuzzing search and the reads that open a hit (tests/helpers/fuzz.ts holds the generators and
// the contract): generated query strings for GET /api/search (hostile queries, websearch
// operators, code, any script, junk cursors and limits) and for GET /api/chat-messages with
// `around` and `after`. Whatever comes in: no 5xx, refusals in the documented envelope,
// nothing written, and an answer that holds only Alice's data, in the contract's shape.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { messageListBody, searchResultsBody } from "@/lib/contract/bodies";
import {
  exchange,
  expectReached,
  fx,
  get,
  junk,
  key,
  options,
  RUNS,
  setUpFuzzing,
  text,
  unit,
} from "../../helpers/fuzz";

setUpFuzzing();

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value) ?? "").toString("base64url");

/**
 * Query entries, keys repeated at will (URLSearchParams keeps every one), or now and then a
 * valid query (with keys a client may add) so that acceptance is checked too.
 */
const entries = (
  values: Record<string, fc.Arbitrary<string>>,
  valid: fc.Arbitrary<Record<string, string>>,
) => {
  const known = Object.entries(values).map(([name, value]) =>
    value.map((v): [string, string] => [name, v]),
  );
  const fuzzed = fc.array(
    fc.oneof(
      { weight: 8, arbitrary: fc.oneof(...known) },
      { weight: 1, arbitrary: fc.tuple(key, text) },
    ),
    { maxLength: 5 },
  );
  const plausible = valid.map((record) => Object.entries(record));
  return fc.oneof({ weight: 3, arbitrary: fuzzed }, { weight: 2, arbitrary: plausible });
};

const validLimit = fc.integer({ min: 1, max: 50 }).map(String);
const fixtureWords = fc.constantFrom("hello", "fixture", "second", "third", "secret", "Fuzz");

const limit = fc.oneof(
  fc.constantFrom("1", "20", "50", "51", "0", "-1", "1.5", "1e1", " 5", "", "٣", "NaN"),
  fc.nat({ max: 80 }).map(String),
  text,
);

/** What a search query may look like: words of the fixture, code, operators, any text. */
const searchText = fc.oneof(
  { weight: 3, arbitrary: text },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom("hello", "fixture", "second", "third", "bob's", "secret", "Fuzz"),
          fc.constantFrom('"hello fixture"', "-second", "or", "OR", "-", '"', "!", "&", "|"),
          fc.constantFrom("useEffect", "ERR_MODULE_NOT_FOUND", "src/app/page.tsx", "foo.bar()"),
          fc.constantFrom("<->", ":*", "(", ")", "\\", "'", "%", "_", "数据库", "😀", "\uE000"),
          fc.string({ unit, minLength: 1, maxLength: 6 }),
        ),
        { minLength: 1, maxLength: 6 },
      )
      .map((words) => words.join(" ")),
  },
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(500), "x".repeat(501), " ", "\u0000") },
);

/** The pieces of an answer's snippets never carry the markers or boundaries themselves. */
const MARKS = /[\uE000\uE001]/;

describe("fuzzed query strings", () => {
  it("GET /api/search", { timeout: 180_000 }, async () => {
    const first = (await get("/api/search?q=hello+or+second+or+third+or+fixture&limit=1")).body;
    const newest = (
      await get("/api/search?q=hello+or+second+or+third+or+fixture&limit=1&order=newest")
    ).body;
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(newest.nextCursor).toEqual(expect.any(String));
    const cursor = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(first.nextCursor, newest.nextCursor) },
      {
        weight: 2,
        arbitrary: fc
          .record(
            {
              order: fc.oneof(fc.constantFrom("relevance", "newest"), junk),
              rank: fc.oneof(fc.double(), fc.constantFrom(0, -0, 1e308, -1), junk),
              kind: fc.oneof(fc.constantFrom(0, 1, 2), junk),
              id: fc.oneof(fc.constantFrom(...fx.messageIds, fx.otherMessageId), text),
              until: fc.oneof(
                fc
                  .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
                  .map((d) => d.toISOString()),
                junk,
              ),
              createdAt: fc.oneof(fc.constant("2026-01-01T00:00:00.000Z"), junk),
            },
            { requiredKeys: [] },
          )
          .map(cursorOf),
      },
      { weight: 1, arbitrary: text },
    );
    const query = entries(
      {
        q: searchText,
        projectId: fc.oneof(
          fc.constantFrom(...fx.projectIds, fx.otherProjectId, "doesnotexist"),
          text,
        ),
        order: fc.oneof(fc.constantFrom("relevance", "newest", "oldest", ""), text),
        limit,
        cursor,
      },
      fc.record(
        {
          q: fc.oneof(
            fixtureWords,
            searchText.filter((q) => q.trim() !== "" && !q.includes("\u0000") && q.length <= 500),
          ),
          projectId: fc.constantFrom(...fx.projectIds),
          order: fc.constantFrom("relevance", "newest"),
          limit: validLimit,
        },
        { requiredKeys: ["q"] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(query, (pairs) => {
        const params = new URLSearchParams(pairs);
        return exchange({
          method: "GET",
          path: `/api/search?${params}`,
          accepted: async (res) => {
            expect(res.status).toBe(200);
            const seen = new URL(`/api/search?${params}`, "http://localhost").searchParams;
            const q = Object.fromEntries(seen);
            const body = searchResultsBody.parse(await res.json());
            expect(body.results.length).toBeLessThanOrEqual(q.limit ? Number(q.limit) : 20);
            for (const hit of body.results) {
              expect(fx.projectIds).toContain(hit.projectId);
              if (q.projectId) expect(hit.projectId).toBe(q.projectId);
              expect(fx.sessionIds).toContain(hit.chatSessionId);
              for (const piece of hit.snippet) {
                expect(piece.text).not.toMatch(MARKS);
                expect(piece.text.includes("\u0001")).toBe(false);
                expect(piece.text.length).toBeGreaterThan(0);
              }
            }
          },
        });
      }),
      options(RUNS.search),
    );
    expectReached(RUNS.search, ["GET /api/search"]);
  });

  it("GET /api/chat-messages with around and after", { timeout: 120_000 }, async () => {
    const [session] = fx.sessionIds;
    const opened = (
      await get(`/api/chat-messages?chatSessionId=${session}&around=${fx.messageIds[1]}&limit=1`)
    ).body;
    expect(opened.nextCursor).toEqual(expect.any(String));
    const afterCursor = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(opened.nextCursor, opened.prevCursor) },
      {
        weight: 2,
        arbitrary: fc
          .record({
            after: fc.oneof(
              fc.constantFrom(...fx.messageIds, fx.otherMessageId, "doesnotexist"),
              junk,
            ),
          })
          .map(cursorOf),
      },
      { weight: 1, arbitrary: text },
    );
    const query = entries(
      {
        chatSessionId: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...fx.sessionIds) },
          { weight: 1, arbitrary: fc.constantFrom(fx.otherSessionId, "doesnotexist") },
        ),
        around: fc.oneof(
          fc.constantFrom(...fx.messageIds, fx.otherMessageId, "doesnotexist"),
          text,
        ),
        after: afterCursor,
        limit: fc.oneof(fc.constantFrom("1", "2", "3", "200", "201", "0"), text),
      },
      fc.oneof(
        fc.record(
          {
            chatSessionId: fc.constant(session as string),
            around: fc.constantFrom(...fx.messageIds),
            limit: fc.constantFrom("1", "2", "3", "50"),
          },
          { requiredKeys: ["chatSessionId", "around"] },
        ),
        fc.record(
          {
            chatSessionId: fc.constant(session as string),
            after: fc.constant(opened.nextCursor as string),
            limit: fc.constantFrom("1", "2", "200"),
          },
          { requiredKeys: ["chatSessionId", "after"] },
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(query, (pairs) => {
        const params = new URLSearchParams(pairs);
        return exchange({
          method: "GET",
          path: `/api/chat-messages?${params}`,
          accepted: async (res) => {
            const seen = Object.fromEntries(
              new URL(`/api/chat-messages?${params}`, "http://localhost").searchParams,
            );
            const body = messageListBody.parse(await res.json());
            expect(fx.sessionIds).toContain(seen.chatSessionId);
            for (const m of body.messages) expect(m.chatSessionId).toBe(seen.chatSessionId);
            if (seen.around !== undefined || seen.after !== undefined) {
              expect(Object.hasOwn(body, "nextCursor")).toBe(true);
              expect(Object.hasOwn(body, "prevCursor")).toBe(true);
            }
            if (seen.around !== undefined)
              expect(body.messages.map((m) => m.id)).toContain(seen.around);
          },
        });
      }),
      options(RUNS.listAround),
    );
    expectReached(RUNS.listAround, ["GET /api/chat-messages"]);
  });
});
