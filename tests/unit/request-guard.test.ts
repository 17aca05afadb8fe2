import { describe, expect, it } from "vitest";
import { ApiError } from "@/server/http/errors";
import { assertSameOrigin, MAX_BODY_BYTES, readJsonBody } from "@/server/http/request";

const url = "http://localhost:3000/api/projects";

function post(headers: Record<string, string>, body: BodyInit = "{}") {
  return new Request(url, {
    method: "POST",
    headers: { host: "localhost:3000", ...headers },
    body,
  });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.code : "not-an-api-error";
  }
  return undefined;
}

async function asyncCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof ApiError ? error.code : "not-an-api-error";
  }
  return undefined;
}

describe("assertSameOrigin", () => {
  it.each([
    [{}, undefined],
    [{ origin: "http://localhost:3000" }, undefined],
    [{ "sec-fetch-site": "same-origin", origin: "http://localhost:3000" }, undefined],
    [{ "sec-fetch-site": "none" }, undefined],
    [{ origin: "http://evil.example" }, "forbidden"],
    [{ origin: "null" }, "forbidden"],
    [{ "sec-fetch-site": "cross-site" }, "forbidden"],
    [{ "sec-fetch-site": "same-site", origin: "http://localhost:3000" }, "forbidden"],
    // A forwarding header names no trusted origin: BETTER_AUTH_URL does that behind a proxy.
    [
      {
        origin: "https://evil.example",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
      },
      "forbidden",
    ],
    [
      { origin: "http://other.example:3000", "x-forwarded-host": "other.example:3000" },
      "forbidden",
    ],
  ])("%j → %s", (headers, expected) => {
    expect(codeOf(() => assertSameOrigin(post(headers)))).toBe(expected);
  });
});

describe("readJsonBody", () => {
  it("parses JSON bodies", async () => {
    const req = post({ "content-type": "application/json; charset=utf-8" }, '{"a":[1,"é"]}');
    expect(await readJsonBody(req)).toEqual({ a: [1, "é"] });
  });

  it("refuses other content types, malformed JSON, invalid UTF-8 and oversize bodies", async () => {
    expect(await asyncCodeOf(readJsonBody(post({ "content-type": "text/plain" })))).toBe(
      "unsupported_media_type",
    );
    expect(await asyncCodeOf(readJsonBody(post({ "content-type": "application/json" }, "{")))).toBe(
      "bad_request",
    );
    const invalidUtf8 = new Uint8Array([0x22, 0xff, 0x22]);
    expect(
      await asyncCodeOf(readJsonBody(post({ "content-type": "application/json" }, invalidUtf8))),
    ).toBe("bad_request");
    const big = `"${"a".repeat(MAX_BODY_BYTES)}"`;
    expect(await asyncCodeOf(readJsonBody(post({ "content-type": "application/json" }, big)))).toBe(
      "payload_too_large",
    );
  });
});
