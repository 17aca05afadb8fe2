import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sessionCookieName, sessionTokenFromCookies } from "@/server/auth/session-cookie";

const secret = "a-test-secret-that-is-long-enough-1234";
// Better Auth's format: encodeURIComponent(`${token}.${base64 HMAC-SHA256(token)}`).
const signed = (token: string, key = secret) =>
  encodeURIComponent(`${token}.${createHmac("sha256", key).update(token).digest("base64")}`);
const PLAIN = sessionCookieName(false);
const SECURE = sessionCookieName(true);

describe("sessionTokenFromCookies", () => {
  it("reads the token from a correctly signed cookie of the configured name", () => {
    expect(PLAIN).toBe("better-auth.session_token");
    expect(SECURE).toBe("__Secure-better-auth.session_token");
    expect(sessionTokenFromCookies(`a=1; ${PLAIN}=${signed("tok123")}; b=2`, PLAIN, secret)).toBe(
      "tok123",
    );
    expect(sessionTokenFromCookies(`${SECURE}=${signed("tok456")}`, SECURE, secret)).toBe("tok456");
  });

  it("ignores the other name: a planted cookie of the unconfigured name signs nobody in", () => {
    // Over https only the __Secure- cookie counts; a subdomain or a plain-http man in the middle
    // can set the unprefixed one, but not that one.
    expect(sessionTokenFromCookies(`${PLAIN}=${signed("planted")}`, SECURE, secret)).toBeNull();
    expect(
      sessionTokenFromCookies(
        `${PLAIN}=${signed("planted")}; ${SECURE}=${signed("mine")}`,
        SECURE,
        secret,
      ),
    ).toBe("mine");
    expect(sessionTokenFromCookies(`${SECURE}=${signed("tok")}`, PLAIN, secret)).toBeNull();
  });

  it("refuses a token signed with another secret, a tampered token, and garbage", () => {
    expect(
      sessionTokenFromCookies(`${PLAIN}=${signed("tok", "other-secret")}`, PLAIN, secret),
    ).toBeNull();
    const tampered = signed("tok123").replace("tok123", "tok124");
    expect(sessionTokenFromCookies(`${PLAIN}=${tampered}`, PLAIN, secret)).toBeNull();
    const padded = `${signed("tok123")}${encodeURIComponent("tampered")}`;
    expect(sessionTokenFromCookies(`${PLAIN}=${padded}`, PLAIN, secret)).toBeNull();
    for (const value of ["", "nodot", ".sig", "tok.", "tok.%E0%A4%A", "tok.!!!!"]) {
      expect(sessionTokenFromCookies(`${PLAIN}=${value}`, PLAIN, secret)).toBeNull();
    }
    expect(sessionTokenFromCookies(null, PLAIN, secret)).toBeNull();
    expect(sessionTokenFromCookies("other=1", PLAIN, secret)).toBeNull();
  });
});
