import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConflictError, NotFoundError, RateLimitedError, UnavailableError } from "@/server/errors";
import { ApiError, errorResponse } from "@/server/http/errors";
import { captureLog } from "../helpers/log";

describe("errorResponse", () => {
  it("answers an ApiError with its status and code", async () => {
    const res = errorResponse(new ApiError("conflict", "Taken"));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "conflict", message: "Taken" } });
  });

  it.each([
    [new NotFoundError("Chat session"), 404, "not_found", "Chat session not found"],
    [new ConflictError("Taken"), 409, "conflict", "Taken"],
    [new UnavailableError("Restarting"), 503, "unavailable", "Restarting"],
    [new RateLimitedError("Slow down", 7), 429, "rate_limited", "Slow down"],
  ])("maps the domain error %s to %i %s", async (error, status, code, message) => {
    const res = errorResponse(error);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message } });
    expect(res.headers.get("retry-after")).toBe(status === 429 ? "7" : null);
  });

  it("turns a ZodError into 400 with the failing paths", async () => {
    const result = z.object({ name: z.string() }).safeParse({ name: 5 });
    const res = errorResponse(result.error);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.details[0].path).toBe("name");
  });

  it("answers 503 when the database cannot be reached", async () => {
    captureLog();
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
    });
    const res = errorResponse(new Error("Failed query", { cause: refused }));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });

  it("hides unknown errors behind a generic 500", async () => {
    captureLog();
    const res = errorResponse(new Error('syntax error at or near "DROP TABLE users"'));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("DROP");
    expect(JSON.parse(text)).toEqual({
      error: { code: "internal", message: "Something went wrong on our side" },
    });
  });
});
