import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sessionTokenFromCookies } from "@/server/auth/session-cookie";

const secret = "a-test-secret-that-is-long-enough-1234";
// Better Auth's format: encodeURIComponent(`${token}.${base64 HMAC-SHA256(token)}`).
const signed = (token: string, key = secret) =>
  encodeURIComponent(`${token}.${createHmac("sha256", key).update(token).digest("base64")}`);

describe("sessionTokenFromCookies", () => {
  it("reads the token from a correctly signed cookie, under either cookie name", () => {
    expect(
      sessionTokenFromCookies(`a=1; better-auth.session_token=${signed("tok123")}; b=2`, secret),
    ).toBe("tok123");
    expect(
      sessionTokenFromCookies(`__Secure-better-auth.session_token=${signed("tok456")}`, secret),
    ).toBe("tok456");
  });

  it("refuses a token signed with another secret, a tampered token, and garbage", () => {
    expect(
      sessionTokenFromCookies(`better-auth.session_token=${signed("tok", "other-secret")}`, secret),
    ).toBeNull();
    const tampered = signed("tok123").replace("tok123", "tok124");
    expect(sessionTokenFromCookies(`better-auth.session_token=${tampered}`, secret)).toBeNull();
    const padded = `${signed("tok123")}${encodeURIComponent("tampered")}`;
    expect(sessionTokenFromCookies(`better-auth.session_token=${padded}`, secret)).toBeNull();
    for (const value of ["", "nodot", ".sig", "tok.", "tok.%E0%A4%A", "tok.!!!!"]) {
      expect(sessionTokenFromCookies(`better-auth.session_token=${value}`, secret)).toBeNull();
    }
    expect(sessionTokenFromCookies(null, secret)).toBeNull();
    expect(sessionTokenFromCookies("other=1", secret)).toBeNull();
  });
});
