// Fuzzing what arrives before any route's schema (tests/helpers/fuzz.ts holds the generators
// and the contract): raw query strings on every list, random and corrupted bytes, deep and
// unbalanced JSON, and the `__proto__` keys the fuzzing once found vanishing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chatSessionListBody,
  messageListBody,
  projectListBody,
  stopReplyResultBody,
} from "@/lib/contract/bodies";
import { MAX_BODY_BYTES } from "@/server/http/request";
import { send } from "../../helpers/app";
import {
  chatAccepted,
  countSent,
  exchange,
  expectNothingWritten,
  expectReached,
  expectRefusal,
  fx,
  get,
  type Json,
  MIN_PAYLOADS,
  messagePosted,
  options,
  projectAccepted,
  RUNS,
  sessionCreated,
  sessionRenamed,
  setUpFuzzing,
  unit,
} from "../../helpers/fuzz";

setUpFuzzing();

describe("fuzzed query strings", () => {
  it("raw query strings on every list", { timeout: 60_000 }, async () => {
    const queryChar = fc.oneof(
      fc.constantFrom(..."%&=+#?;/ []".split(""), "%00", "%FF", "%ED%A0%80", "%F0%9F%98", "%%"),
      fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
      unit,
    );
    const raw = fc.string({ unit: queryChar, maxLength: 40 });
    const prefix = fc.constantFrom(
      "/api/projects?",
      "/api/projects?limit=",
      `/api/chat-sessions?projectId=${fx.projectIds[0]}&`,
      "/api/chat-sessions?",
      `/api/chat-messages?chatSessionId=${fx.sessionIds[0]}&`,
      `/api/chat-messages?chatSessionId=${fx.sessionIds[0]}&limit=2&before=`,
    );
    await fc.assert(
      fc.asyncProperty(prefix, raw, (start, rest) =>
        exchange({
          method: "GET",
          path: `${start}${rest}`.replace(/#.*/s, ""),
          accepted: async (res) => {
            const body = (await res.json()) as Json;
            const schema = start.startsWith("/api/projects")
              ? projectListBody
              : start.startsWith("/api/chat-sessions")
                ? chatSessionListBody
                : messageListBody;
            expect(schema.safeParse(body).success).toBe(true);
          },
        }),
      ),
      options(RUNS.rawQuery),
    );
    expectReached(RUNS.rawQuery, []);
  });
});

// ---------------------------------------------------------------------------------------------

interface RawTarget {
  method: string;
  path: string;
  /** A body the route would take, to truncate and corrupt. */
  valid: () => Json;
  /** What the route's resource looked like before (for a PATCH). */
  before?: () => Promise<Json>;
  /** Checks a 2xx for the body the server parsed. */
  accepted: (res: Response, input: unknown, previous: Json | null) => Promise<void>;
}

function rawTargets(): RawTarget[] {
  const [project] = fx.projectIds as [string];
  const [session] = fx.sessionIds as [string];
  let n = 0;
  const unique = () => `raw-${Date.now()}-${++n}`;
  return [
    {
      method: "POST",
      path: "/api/projects",
      valid: () => ({ name: "Raw project", description: "d", type: "code" }),
      accepted: (res, input) => projectAccepted(res, input, null),
    },
    {
      method: "PATCH",
      path: `/api/projects/${project}`,
      valid: () => ({ name: "Raw rename", status: "active", files: { "a.txt": "a" } }),
      before: async () => (await get(`/api/projects/${project}`)).body.project,
      accepted: (res, input, previous) => projectAccepted(res, input, previous),
    },
    {
      method: "POST",
      path: "/api/chat-sessions",
      valid: () => ({ projectId: project, name: "Raw session" }),
      accepted: (res, input) => sessionCreated(res, input as Json),
    },
    {
      method: "PATCH",
      path: `/api/chat-sessions/${session}`,
      valid: () => ({ name: "Raw name" }),
      before: async () => (await get(`/api/chat-sessions/${session}`)).body.chatSession,
      accepted: (res, input, previous) =>
        sessionRenamed(res, session, input as Json, previous ?? {}),
    },
    {
      method: "POST",
      path: "/api/chat-messages",
      valid: () => ({ chatSessionId: session, role: "user", content: "raw", id: unique() }),
      accepted: (res, input) => messagePosted(res, input as Json),
    },
    {
      method: "POST",
      path: "/api/chat",
      valid: () => ({
        chatSessionId: session,
        message: { id: unique(), role: "user", parts: [{ type: "text", text: "raw chat" }] },
      }),
      accepted: (res, input) => chatAccepted(res, input as Json),
    },
    {
      method: "POST",
      path: "/api/chat/stop",
      valid: () => ({ messageId: fx.messageIds[0] }),
      accepted: async (res) => {
        expect(stopReplyResultBody.parse(await res.json())).toEqual({ stopped: false });
      },
    },
  ];
}

const nested = (depth: number, open = "[", close = "]") =>
  `${open.repeat(depth)}${close.repeat(depth)}`;

/** Hand-picked bodies no generator should be trusted to find. */
const RAW_SPECIALS: string[] = [
  "",
  " ",
  "null",
  "[]",
  "{}",
  '"x"',
  "1",
  "true",
  "{",
  "}",
  '{"name":}',
  "{'name':'x'}",
  '{"name":"x",}',
  '{"name":NaN}',
  '{"name":"x"}//',
  "/*c*/{}",
  "\ufeff{}",
  '{"name":"\\ud800"}',
  '{"name":"\\u0000"}',
  '{"name":"x","name":5}',
  '{"a":1e999999}',
  '{"__proto__":{"polluted":true},"name":"proto"}',
  '{"constructor":{"prototype":{"polluted":true}},"name":"ctor"}',
  nested(10_000),
  "[".repeat(100_000),
  `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
  `{"name":${nested(10_000)}}`,
  `{"chatSessionId":${nested(10_000)},"message":${nested(10_000, "{", "}")}}`,
];

describe("fuzzed raw bodies", () => {
  it("random bytes, truncated and corrupted JSON, odd content types", {
    timeout: 120_000,
  }, async () => {
    const targets = rawTargets();
    const contentType = fc.constantFrom(
      "application/json",
      "application/json",
      "application/json; charset=utf-8",
      "Application/JSON",
      "application/json;charset=utf-16",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      "",
    );
    const bytes = fc.oneof(
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SPECIALS).map((s) => Buffer.from(s)) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.nat(), fc.nat(), fc.uint8Array({ minLength: 0, maxLength: 4 }), fc.boolean())
          .map(([target, at, insert, truncate]) => ({ target, at, insert, truncate })),
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), bytes, contentType, async (which, payload, type) => {
        const target = targets[which % targets.length] as RawTarget;
        let raw: Uint8Array;
        if (payload instanceof Uint8Array) raw = payload;
        else {
          // A valid body, cut short or with bytes spliced in.
          const valid = Buffer.from(JSON.stringify(target.valid()));
          const at = payload.at % (valid.length + 1);
          raw = payload.truncate
            ? valid.subarray(0, at)
            : Buffer.concat([valid.subarray(0, at), payload.insert, valid.subarray(at)]);
        }
        const previous = target.before ? await target.before() : null;
        await exchange({
          method: target.method,
          path: target.path,
          raw,
          headers: type ? { "content-type": type } : {},
          accepted: async (res) => {
            // Accepted: check it against what the server must have parsed.
            const input = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
            await target.accepted(res, input, previous);
          },
        });
      }),
      options(RUNS.rawBody),
    );
    expectReached(RUNS.rawBody, []);
  });

  it("answers 400 to 10,000 nested arrays and other deep or unbalanced bodies", {
    timeout: 60_000,
  }, async () => {
    for (const target of rawTargets()) {
      for (const raw of [
        nested(10_000),
        nested(100_000),
        "[".repeat(10_000),
        `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
        `{"name":${nested(10_000)},"content":${nested(10_000)}}`,
        "[".repeat(MAX_BODY_BYTES),
      ]) {
        const res = await send(target.method, target.path, fx.alice.cookie, {
          rawBody: raw,
          headers: { "content-type": "application/json" },
        });
        countSent();
        const context = `${target.method} ${target.path} <${raw.length} chars of nesting>`;
        expect(res.status, context).toBe(400);
        expectRefusal(res.status, await res.text(), context);
      }
      const over = await send(target.method, target.path, fx.alice.cookie, {
        rawBody: "[".repeat(MAX_BODY_BYTES + 1),
        headers: { "content-type": "application/json" },
      });
      countSent();
      expect(over.status).toBe(413);
      expectRefusal(over.status, await over.text(), `${target.path} over 1 MiB`);
    }
    await expectNothingWritten();
  });
});

describe("what the fuzzing found, pinned", () => {
  const raw = (method: string, path: string, text: string) =>
    send(method, path, fx.alice.cookie, {
      rawBody: text,
      headers: { "content-type": "application/json" },
    });

  it("refuses a __proto__ key anywhere in a body with 400, naming where (it used to vanish)", async () => {
    const [project] = fx.projectIds as [string];
    const [session] = fx.sessionIds as [string];
    const cases: [string, string, string, string][] = [
      ["POST", "/api/projects", '{"name":"x","__proto__":{"polluted":1}}', "__proto__"],
      // A file named __proto__ was dropped while the PATCH answered 200.
      [
        "PATCH",
        `/api/projects/${project}`,
        '{"files":{"__proto__":"x","a":"b"}}',
        "files.__proto__",
      ],
      // Spelled with an escape, it is the same key once parsed.
      ["PATCH", `/api/projects/${project}`, '{"files":{"\\u005f_proto__":"x"}}', "files.__proto__"],
      [
        "POST",
        "/api/chat",
        `{"chatSessionId":"${session}","message":{"id":"p1","role":"user","parts":[{"type":"text","text":"hi","__proto__":{}}]}}`,
        "message.parts.0.__proto__",
      ],
    ];
    for (const [method, path, body, where] of cases) {
      const res = await raw(method, path, body);
      const text = await res.text();
      expectRefusal(res.status, text, `${method} ${path} ${body}`);
      expect(res.status).toBe(400);
      expect(JSON.parse(text).error.details).toEqual([
        { path: where, message: "__proto__ is not allowed as a key" },
      ]);
    }
    await expectNothingWritten();
  });
});

describe("the fuzz files together", () => {
  it(`send at least ${MIN_PAYLOADS} generated payloads`, () => {
    // Each test checks that it sent its share (expectReached); the shares add up to this.
    const total = Object.values(RUNS).reduce((sum, runs) => sum + runs, 0);
    expect(total).toBeGreaterThanOrEqual(MIN_PAYLOADS);
  });
});
