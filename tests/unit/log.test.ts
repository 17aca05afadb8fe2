import { DrizzleQueryError } from "drizzle-orm/errors";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authLogger } from "@/server/auth/logger";
import { errorResponse } from "@/server/http/errors";
import { describeError, stackFrames } from "@/server/log";
import { logger } from "@/server/logger";
import { captureLog } from "../helpers/log";

// A live-looking session token, as Better Auth's session lookup passes it.
const TOKEN = "sxb17WoTq2Lk9vXcR4mN8pZ3aB6dE0fH";
const SESSION_QUERY =
  'select "user"."id", "user"."name" from "session" inner join "user" on "user"."id" = "session"."user_id" where "session"."token" = $1';

/** What drizzle 0.45 throws when pg fails a query: the driver's error as its cause. */
function queryError(cause: Error, params: unknown[] = [TOKEN, new Date(0)]) {
  return new DrizzleQueryError(SESSION_QUERY, params, cause);
}

function pgError(message: string, code: string) {
  const error = new pg.DatabaseError(message, message.length, "error");
  error.code = code;
  return error;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("describeError", () => {
  it("names a query error by its shape when a bundle minified its class", () => {
    class e extends Error {
      constructor(
        readonly query: string,
        readonly params: unknown[],
      ) {
        super(`Failed query: ${query}\nparams: ${params.join(",")}`);
      }
    }
    const line = describeError(new e(SESSION_QUERY, [TOKEN]));
    expect(line.startsWith("DrizzleQueryError: Failed query:")).toBe(true);
    expect(line).not.toContain(TOKEN);
  });

  it("keeps the class, the SQL, the SQLSTATE and the cause's message, never a parameter", () => {
    const error = queryError(
      pgError("terminating connection due to administrator command", "57P01"),
    );
    expect(error.message).toContain(TOKEN); // the premise: drizzle's own message has it

    const line = describeError(error);
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain("params");
    expect(line).toContain("DrizzleQueryError");
    expect(line).toContain('from "session"');
    expect(line).toContain("SQLSTATE 57P01");
    expect(line).toContain("terminating connection due to administrator command");
    expect(line).not.toContain("\n");
  });

  it("blanks a parameter that a driver's message echoes", () => {
    const cause = pgError(`invalid input syntax for type uuid: "${TOKEN}"`, "22P02");
    const line = describeError(queryError(cause));
    expect(line).not.toContain(TOKEN);
    expect(line).toContain('invalid input syntax for type uuid: "[param]"');
    expect(line).toContain("SQLSTATE 22P02");
  });

  it("walks a few levels of cause, and stops at a cycle", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
    });
    const wrapped = new Error("could not load the session", { cause: queryError(refused) });
    const line = describeError(wrapped);
    expect(line).toMatch(/^could not load the session; cause: /);
    expect(line).toContain("cause: DrizzleQueryError: Failed query: select");
    expect(line).toContain("cause: Error (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:5432");
    expect(line).not.toContain(TOKEN);

    const loop: Error & { cause?: unknown } = new Error("a");
    loop.cause = loop;
    expect(describeError(loop)).toBe("a");
  });

  it("describes what is not an Error", () => {
    expect(describeError("Failed query: select 1\nparams: secret-value")).toBe(
      "Failed query: select 1",
    );
    expect(describeError(undefined)).toBe("undefined");
    expect(describeError({ message: "shaped like one", code: "40001" })).toBe(
      "shaped like one [SQLSTATE 40001]",
    );
  });
});

describe("stackFrames", () => {
  it("keeps the frames and drops the message lines that carry the parameters", () => {
    const error = queryError(pgError("boom", "XX000"));
    expect(error.stack).toContain(TOKEN);
    const frames = stackFrames(error);
    expect(frames).not.toContain(TOKEN);
    expect(frames).toMatch(/^\s+at /);
    expect(frames.split("\n").every((line) => /^\s+at /.test(line))).toBe(true);
  });

  it("drops a parameter whose lines look like frames", () => {
    // A saved reply that quotes a stack trace.
    const reply = `Here is the trace:\n    at handler (${TOKEN}.js:1:1)\n    at next`;
    const frames = stackFrames(queryError(pgError("boom", "XX000"), [reply, "id-1234"]));
    expect(frames).not.toContain(TOKEN);
    expect(frames).not.toContain("at next");
    expect(frames).toMatch(/^\s+at /);
  });
});

describe("what reaches the server log", () => {
  // Every field a string (or a number: time, pid): no object for a serializer to print in full.
  const flat = (entry: Record<string, unknown>) =>
    Object.values(entry).every((value) => typeof value === "string" || typeof value === "number");

  it("errorResponse logs a database outage without the query's parameters", async () => {
    const log = captureLog();
    const res = errorResponse(queryError(pgError("the database system is shutting down", "57P03")));
    expect(res.status).toBe(503);
    expect(log.entries()).toMatchObject([{ area: "api", msg: "database unavailable" }]);
    const text = log.text();
    expect(text).toContain("SQLSTATE 57P03");
    expect(text).toContain("the database system is shutting down");
    expect(text).not.toContain(TOKEN);
    expect(await res.text()).not.toContain(TOKEN);
  });

  it("errorResponse logs an unexpected query error with its stack frames, not its parameters", async () => {
    const log = captureLog();
    const res = errorResponse(queryError(pgError('relation "session" does not exist', "42P01")));
    expect(res.status).toBe(500);
    const entries = log.entries();
    expect(entries).toHaveLength(1);
    const [entry = {}] = entries;
    expect(entry).toMatchObject({ area: "api", level: "error", msg: "unexpected error" });
    expect(String(entry.err)).toMatch(/^DrizzleQueryError/);
    expect(entry.err).toContain("SQLSTATE 42P01");
    expect(entry.err).toContain('relation "session" does not exist');
    expect(
      String(entry.stack)
        .split("\n")
        .every((line) => /^\s+at /.test(line)),
    ).toBe(true);
    expect(log.text()).not.toContain(TOKEN);
    expect(flat(entry)).toBe(true);
  });

  it("Better Auth's logger drops the parameters whether it is given the error or its message", () => {
    const log = captureLog();
    const error = queryError(pgError("canceling statement due to statement timeout", "57014"));
    authLogger.log?.("error", "Error", error);
    authLogger.log?.("error", error.message);
    authLogger.log?.("error", "Blocked login attempt", { secFetchSite: TOKEN });
    const entries = log.entries();
    const text = entries.map((entry) => `${entry.msg} ${entry.err ?? ""}`).join("\n");
    expect(text).toContain("canceling statement due to statement timeout");
    expect(text).toContain("SQLSTATE 57014");
    expect(text).toContain('from "session"');
    expect(log.text()).not.toContain(TOKEN);
    expect(entries.every(flat)).toBe(true);
  });

  it("the logger describes an error however a caller hands it over", () => {
    const log = captureLog();
    const error = queryError(pgError(`invalid input syntax for type uuid: "${TOKEN}"`, "22P02"));
    const chat = logger.child({ area: "chat" });
    chat.error(error);
    chat.error({ err: error, stack: error }, "with its stack");
    chat.error({ error, stack: error.stack }, "under another key, with a raw stack");
    chat.error(error.message);
    chat.error("interpolated: %s", error);
    chat.error("as JSON: %j", error);
    const entries = log.entries();
    expect(entries).toHaveLength(6);
    expect(log.text()).not.toContain(TOKEN);
    expect(log.text()).not.toContain("params");
    expect(entries.every(flat)).toBe(true);
    expect(entries[1]?.stack).toMatch(/^\s+at /);
    expect(entries[2]?.error).toContain("SQLSTATE 22P02");
  });
});
