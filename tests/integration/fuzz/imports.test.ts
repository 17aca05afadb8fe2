// Fuzzing the import (issue 17): Craft exports left whole or broken in generated ways (lines dropped,
// repeated, swapped or cut, fields replaced by junk, junk lines added) are uploaded and read
// by the background job; generated query strings and ids for GET /api/imports[/{id}].

import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { importListAnswer } from "@/lib/contract/imports";
import { importRun } from "@/server/imports/run-import";
import { signUp } from "../../helpers/app";
import { junk, options } from "../../helpers/fuzz";
import { sqlRows } from "../../helpers/sql";

process.env.IMPORT_UPLOADS_PER_HOUR = "100000";

type User = Awaited<ReturnType<typeof signUp>>;
let bob: User;
beforeAll(async () => {
  bob = await signUp();
});

const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, second)).toISOString();

/** A valid project export: two sessions, the first with an edited question (two branches). */
function validLines(prefix: string): Record<string, unknown>[] {
  const message = (session: string, id: string, parentId: string | null, role: string) => ({
    type: "message",
    sessionId: `${prefix}${session}`,
    id: `${prefix}${id}`,
    parentId: parentId && `${prefix}${parentId}`,
    role,
    content: `content of ${id}`,
    status: "complete",
    createdAt: at(1),
  });
  const session = (id: string, leaf: string | null) => ({
    type: "session",
    id: `${prefix}${id}`,
    projectId: `${prefix}p`,
    name: `Session ${id}`,
    nameSource: "user",
    createdAt: at(0),
    updatedAt: at(2),
    pinned: false,
    archived: false,
    instructions: "",
    templateId: null,
    tags: [{ name: "fuzz", color: "blue" }],
    activeLeafId: leaf && `${prefix}${leaf}`,
    summary: leaf && {
      text: "A summary",
      keyPoints: ["one"],
      throughId: `${prefix}${leaf}`,
      messageCount: 2,
      updatedAt: at(3),
    },
  });
  return [
    { type: "craft.export", version: 1, scope: "project", exportedAt: at(9) },
    {
      type: "project",
      id: `${prefix}p`,
      name: "Fuzzed",
      description: null,
      projectType: "document",
      status: "active",
      files: {},
      createdAt: at(0),
      updatedAt: at(0),
    },
    session("s1", "a2"),
    message("s1", "q1", null, "user"),
    message("s1", "a1", "q1", "assistant"),
    message("s1", "q2", null, "user"),
    message("s1", "a2", "q2", "assistant"),
    session("s2", null),
    { type: "end", projects: 1, sessions: 2, messages: 4 },
  ];
}

type Mutation =
  | { kind: "drop" | "repeat"; at: number }
  | { kind: "swap"; at: number; with: number }
  | { kind: "field"; at: number; key: number; value: unknown }
  | { kind: "junk"; at: number; line: string }
  | { kind: "cut"; fraction: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("drop" as const, "repeat" as const), at: fc.nat(20) }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(20), with: fc.nat(20) }),
  fc.record({ kind: fc.constant("field" as const), at: fc.nat(20), key: fc.nat(20), value: junk }),
  fc.record({
    kind: fc.constant("junk" as const),
    at: fc.nat(20),
    line: fc.oneof(
      fc.string(),
      fc.json(),
      junk.map((v) => JSON.stringify(v) ?? ""),
    ),
  }),
  fc.record({
    kind: fc.constant("cut" as const),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

function mutated(prefix: string, mutations: Mutation[]): string {
  const lines: string[] = validLines(prefix).map((line) => JSON.stringify(line));
  let cut: number | null = null;
  for (const m of mutations) {
    if (m.kind === "cut") {
      cut = m.fraction;
      continue;
    }
    const i = m.at % lines.length;
    if (m.kind === "drop") lines.splice(i, 1);
    else if (m.kind === "repeat") lines.splice(i, 0, lines[i] ?? "");
    else if (m.kind === "swap") {
      const j = m.with % lines.length;
      [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
    } else if (m.kind === "field") {
      const line = objectOrNull(lines[i] ?? "");
      if (line === null) continue; // a junk line, not an object: no field to change
      const keys = Object.keys(line);
      const key = keys[m.key % Math.max(keys.length, 1)] ?? "extra";
      line[key] = m.value;
      lines[i] = JSON.stringify(line) ?? "";
    } else if (m.kind === "junk") lines.splice(i, 0, m.line.replaceAll("\n", " "));
    if (lines.length === 0) lines.push("");
  }
  const text = `${lines.join("\n")}\n`;
  return cut === null ? text : text.slice(0, Math.max(1, Math.floor(text.length * cut)));
}

/** The line as an object, or null when it is not JSON of an object (a junk line put in). */
function objectOrNull(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

let runs = 0;
const outcomes = { done: 0, failed: 0 };

describe("fuzzed Craft exports", () => {
  it("end done or failed with a message about the file, and leave only whole sessions", {
    timeout: 300_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { maxLength: 3 }), async (mutations) => {
        runs += 1;
        const form = new FormData();
        form.set("file", new Blob([mutated(`r${runs}-`, mutations)]), "fuzzed.ndjson");
        const res = await bob.upload("/api/import", form);
        if (res.status === 400) {
          // Only an empty file is refused at the door.
          expect(res.body.error.message).toMatch(/empty/);
          return;
        }
        expect(res.status).toBe(202);
        await importRun(res.body.import.id);
        const job = (await bob.get(`/api/imports/${res.body.import.id}`)).body.import;
        expect(["done", "failed"]).toContain(job.status);
        outcomes[job.status as "done" | "failed"] += 1;
        // Every failure names a problem of the file, never the server's.
        if (job.status === "failed") expect(job.error).not.toMatch(/^The import stopped/);
        else expect(job.error).toBeNull();
      }),
      options(60),
    );
    console.log(`[fuzz] imports: ${outcomes.done} done, ${outcomes.failed} failed`);
    expect(outcomes.done).toBeGreaterThan(0);
    expect(outcomes.failed).toBeGreaterThan(10);

    // Whatever went in went in whole: each session's counters match its messages.
    const broken = await sqlRows<{ id: string }>(sql`select s.id from chat_sessions s
      join projects p on p.id = s.project_id
      left join chat_messages leaf on leaf.user_id = p.user_id and leaf.id = s.active_leaf_id
      where p.user_id = ${bob.userId} and (
        s.message_count <> coalesce(leaf.depth, 0)
        or s.last_message_seq <> (select count(*) from chat_messages m where m.chat_session_id = s.id)
        or (s.active_leaf_id is not null and leaf.id is null))`);
    expect(broken).toEqual([]);
    const counted = await sqlRows<{ imported: number; recorded: number }>(sql`select
      (select coalesce(sum(conversations_imported), 0)::int from imports where user_id = ${bob.userId}) as imported,
      (select count(*)::int from imported_conversations where user_id = ${bob.userId}) as recorded`);
    expect(counted[0]?.imported).toBe(counted[0]?.recorded);
  });
});

describe("fuzzed query strings and ids", () => {
  it("GET /api/imports answers its list or a 400, never a 500", { timeout: 60_000 }, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.integer().map(String)), async (limit) => {
        const res = await bob.get(`/api/imports?limit=${encodeURIComponent(limit)}`);
        if (res.status === 200) {
          accepted += 1;
          importListAnswer.parse(res.body);
        } else expect(res.status).toBe(400);
      }),
      options(100),
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it("GET /api/imports/[id] answers 404 for ids that are not the user's", {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), async (id) => {
        const res = await bob.get(`/api/imports/${encodeURIComponent(id)}`);
        expect(res.status).toBe(404);
      }),
      options(100),
    );
  });
});
