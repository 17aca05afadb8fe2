// Abuse at the front door: sign-in and sign-up are limited per client address, and sign-in
// per account too, whatever address each attempt claims; the session cookie is HttpOnly and
// SameSite=Lax everywhere, Secure when the app is served over https; signing out revokes that
// one session and clears its cookie.
process.env.AUTH_RATE_LIMIT_PER_MINUTE = "10";

import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { session, user } from "@/server/db/schema";
import { ORIGIN, request, sessionCookie, signUp } from "../helpers/app";
import { sqlRows } from "../helpers/sql";

const LIMIT = 10;

const signIn = (email: string, password: string, address: string) =>
  request("POST", "/api/auth/sign-in/email", undefined, {
    body: { email, password },
    headers: { "x-forwarded-for": address },
  });

let addresses = 0;
/** An address no other attempt in this file claims. */
const freshAddress = () => {
  addresses += 1;
  return `100.64.${Math.floor(addresses / 250)}.${addresses % 250}`;
};

const signUpFrom = (address: string, email: string) =>
  request("POST", "/api/auth/sign-up/email", undefined, {
    body: { name: "Limited", email, password: "correct horse battery" },
    headers: { "x-forwarded-for": address },
  });

/** One Set-Cookie header split into its name, value and lower-cased attributes. */
function parseCookie(header: string) {
  const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
  const at = pair.indexOf("=");
  const attrs = new Map<string, string>();
  for (const attribute of attributes) {
    const [name = "", ...value] = attribute.split("=");
    attrs.set(name.toLowerCase(), value.join("="));
  }
  return { name: pair.slice(0, at), value: pair.slice(at + 1), attrs };
}

function sessionCookieOf(headers: Headers) {
  const header = headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!header) throw new Error(`no session cookie in ${JSON.stringify(headers.getSetCookie())}`);
  return parseCookie(header);
}

describe("sign-in and sign-up rate limits", () => {
  it(`answers the ${LIMIT + 1}th sign-in attempt in a minute from one address with 429`, async () => {
    const ada = await signUp();
    const bea = await signUp();
    const other = await signUp();
    const address = "203.0.113.7";
    for (let attempt = 1; attempt <= LIMIT; attempt++) {
      // Wrong passwords and right ones count alike. Two accounts share the attempts, so neither
      // reaches its own per-account limit: this is the address's.
      const who = attempt <= LIMIT / 2 ? ada : bea;
      const res = await signIn(who.email, attempt % 2 ? "wrong password" : who.password, address);
      expect(res.status, `attempt ${attempt}`).toBe(attempt % 2 ? 401 : 200);
    }

    const limited = await signIn(ada.email, ada.password, address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.getSetCookie().filter((c) => c.includes("session_token="))).toEqual([]);
    // The limit is the address's, whichever account it tries next.
    expect((await signIn(other.email, other.password, address)).status).toBe(429);

    // Another address is not held back, even for the same account.
    const elsewhere = await signIn(ada.email, ada.password, "203.0.113.8");
    expect(elsewhere.status).toBe(200);
    expect(sessionCookieOf(elsewhere.headers).value.length).toBeGreaterThan(0);
  });

  it(`answers the ${LIMIT + 1}th sign-up in a minute from one address with 429, creating no account`, async () => {
    const address = "198.51.100.9";
    const stamp = Date.now();
    for (let n = 1; n <= LIMIT; n++) {
      const res = await signUpFrom(address, `limited-${stamp}-${n}@example.com`);
      expect(res.status, `sign-up ${n}`).toBe(200);
    }
    const email = `limited-${stamp}-${LIMIT + 1}@example.com`;
    const limited = await signUpFrom(address, email);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(0);
    const rows = await sqlRows(sql`select id from ${user} where ${eq(user.email, email)}`);
    expect(rows).toEqual([]);
    expect((await signUpFrom("198.51.100.10", email)).status).toBe(200);
  });
});

describe("the per-account sign-in limit", () => {
  it(`answers the ${LIMIT + 1}th sign-in in a minute for one account with 429, whatever address each claims`, async () => {
    const ada = await signUp();
    const bob = await signUp();
    for (let attempt = 1; attempt <= LIMIT; attempt++) {
      // A new X-Forwarded-For every time: the per-address limit never sees a second attempt.
      const res = await signIn(ada.email, "wrong password", freshAddress());
      expect(res.status, `attempt ${attempt}`).toBe(401);
    }

    // Now even the right password from yet another address is refused, in the API's own shape.
    const limited = await signIn(ada.email, ada.password, freshAddress());
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      error: {
        code: "rate_limited",
        message: "Too many sign-in attempts for this account; try again later",
      },
    });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.getSetCookie()).toEqual([]);

    // Other spellings of the same account are the same account.
    expect((await signIn(ada.email.toUpperCase(), ada.password, freshAddress())).status).toBe(429);
    const form = await request("POST", "/api/auth/sign-in/email", undefined, {
      rawBody: new URLSearchParams({ email: ada.email, password: ada.password }).toString(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": freshAddress(),
        origin: ORIGIN,
      },
    });
    expect(form.status).toBe(429);

    // Another account is not held back, from any address.
    const other = await signIn(bob.email, bob.password, freshAddress());
    expect(other.status).toBe(200);
    expect(sessionCookieOf(other.headers).value.length).toBeGreaterThan(0);
  });

  it("lets a body it cannot read through to Better Auth unchanged", async () => {
    const ada = await signUp();
    for (let attempt = 1; attempt <= LIMIT; attempt++)
      await signIn(ada.email, "wrong password", freshAddress());
    expect((await signIn(ada.email, ada.password, freshAddress())).status).toBe(429);

    // Not JSON: Better Auth's own 400, not the account's 429.
    const malformed = await request("POST", "/api/auth/sign-in/email", undefined, {
      rawBody: `{"email":"${ada.email}",`,
      headers: { "content-type": "application/json", "x-forwarded-for": freshAddress() },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: "BAD_REQUEST" });
    // No email at all, and an email that is not a string: Better Auth validates them.
    for (const body of [{ password: ada.password }, { email: [ada.email], password: "x" }]) {
      const res = await request("POST", "/api/auth/sign-in/email", undefined, {
        body,
        headers: { "x-forwarded-for": freshAddress() },
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    // A correct sign-in of someone else still goes through, body and all.
    const bob = await signUp();
    expect((await signIn(bob.email, bob.password, freshAddress())).status).toBe(200);
  });
});

describe("when AUTH_IP_HEADER names the proxy's header", () => {
  afterAll(async () => {
    process.env.AUTH_IP_HEADER = "x-forwarded-for";
    vi.resetModules();
    (await import("@/server/auth/auth")).resetAuth();
  });

  it("limits by that header, and X-Forwarded-For no longer tells clients apart", async () => {
    process.env.AUTH_IP_HEADER = "x-real-ip";
    vi.resetModules();
    (await import("@/server/auth/auth")).resetAuth();
    const app = await import("../helpers/app");
    // No email: the per-account limit stays out of it, and Better Auth answers 400 quickly,
    // after counting the attempt against the address.
    const attempt = (realIp: string) =>
      app.request("POST", "/api/auth/sign-in/email", undefined, {
        body: {},
        headers: { "x-real-ip": realIp, "x-forwarded-for": freshAddress() },
      });
    for (let n = 1; n <= LIMIT; n++) expect((await attempt("198.18.0.1")).status, `${n}`).toBe(400);
    const limited = await attempt("198.18.0.1");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(0);
    expect((await attempt("198.18.0.2")).status).toBe(400);
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, for the whole site, and not Secure over plain http", async () => {
    const ada = await signUp();
    const signedIn = await signIn(ada.email, ada.password, "192.0.2.20");
    expect(signedIn.status).toBe(200);
    const cookie = sessionCookieOf(signedIn.headers);
    expect(cookie.name).toBe("better-auth.session_token");
    expect(cookie.attrs.has("httponly")).toBe(true);
    expect(cookie.attrs.get("samesite")?.toLowerCase()).toBe("lax");
    expect(cookie.attrs.get("path")).toBe("/");
    expect(cookie.attrs.has("secure")).toBe(false);
    expect(Number(cookie.attrs.get("max-age"))).toBeGreaterThan(0);
    // Every cookie the sign-in sets keeps the same promises.
    for (const header of signedIn.headers.getSetCookie()) {
      const { attrs } = parseCookie(header);
      expect(attrs.has("httponly"), header).toBe(true);
      expect(attrs.get("samesite")?.toLowerCase(), header).toBe("lax");
    }
  });

  describe("when BETTER_AUTH_URL is https", () => {
    const httpUrl = process.env.BETTER_AUTH_URL;
    afterAll(async () => {
      // Back to the plain-http app for anything after: fresh env, fresh Better Auth.
      process.env.BETTER_AUTH_URL = httpUrl;
      vi.resetModules();
      (await import("@/server/auth/auth")).resetAuth();
    });

    it("is also Secure, under the __Secure- prefix, and still opens the session", async () => {
      process.env.BETTER_AUTH_URL = "https://craft.example.com";
      // The environment is read once per module graph, and Better Auth is built once per
      // process: load both afresh so the https URL is the one in force.
      vi.resetModules();
      (await import("@/server/auth/auth")).resetAuth();
      const app = await import("../helpers/app");
      const res = await app.request("POST", "/api/auth/sign-up/email", undefined, {
        body: { name: "Tls", email: `tls-${Date.now()}@example.com`, password: "a good password" },
        headers: { "x-forwarded-for": "192.0.2.30", origin: "https://craft.example.com" },
      });
      expect(res.status).toBe(200);
      const cookie = sessionCookieOf(res.headers);
      expect(cookie.name).toBe("__Secure-better-auth.session_token");
      expect(cookie.attrs.has("secure")).toBe(true);
      expect(cookie.attrs.has("httponly")).toBe(true);
      expect(cookie.attrs.get("samesite")?.toLowerCase()).toBe("lax");
      const current = await app.request(
        "GET",
        "/api/auth/get-session",
        `${cookie.name}=${cookie.value}`,
      );
      expect(current.body?.user?.name).toBe("Tls");
    });
  });
});

describe("signing out", () => {
  it("deletes that session's row and clears its cookie, leaving the user's other sessions", async () => {
    const ada = await signUp();
    const cookie = ada.cookie ?? "";
    const second = await signIn(ada.email, ada.password, "192.0.2.40");
    expect(second.status).toBe(200);
    const token = (cookie: string) =>
      decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)).split(".")[0] ?? "";
    const rows = (value: string) =>
      sqlRows(sql`select id from ${session} where ${eq(session.token, token(value))}`);
    expect(await rows(cookie)).toHaveLength(1);

    const out = await request("POST", "/api/auth/sign-out", cookie, {
      body: {},
      headers: { origin: ORIGIN },
    });
    expect(out.status).toBe(200);
    const cleared = sessionCookieOf(out.headers);
    expect(cleared.value).toBe("");
    expect(Number(cleared.attrs.get("max-age"))).toBe(0);
    expect(await rows(cookie)).toEqual([]);
    expect((await request("GET", "/api/projects", cookie)).status).toBe(401);

    // Only that session: the one opened elsewhere still works.
    const elsewhere = sessionCookie(second.headers);
    expect(await rows(elsewhere)).toHaveLength(1);
    expect((await request("GET", "/api/projects", elsewhere)).status).toBe(200);
  });
});
