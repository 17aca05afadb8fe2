import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { ORIGIN, request } from "../helpers/app";
import { CookieJar } from "../helpers/cookie-jar";
import { sqlRows } from "../helpers/sql";

const DAY_MS = 24 * 3600 * 1000;
const COOKIE = "better-auth.session_token";

async function signUpInto(jar: CookieJar): Promise<string> {
  const email = `renewal-${Date.now()}-${Math.random()}@example.com`;
  const res = await request("POST", "/api/auth/sign-up/email", undefined, {
    body: { name: "Daily user", email, password: "correct horse battery" },
  });
  expect(res.status).toBe(200);
  jar.take(res.headers);
  return (res.body as { user: { id: string } }).user.id;
}

/** A day goes by: for the browser's clock, and for the session's stored expiry alike. */
async function passDay(jar: CookieJar, userId: string): Promise<void> {
  jar.now += DAY_MS;
  await sqlRows(
    sql`update session set expires_at = expires_at - interval '1 day' where user_id = ${userId}`,
  );
}

const visitPage = (jar: CookieJar, path: string) =>
  proxy(new NextRequest(new URL(path, ORIGIN), { headers: { cookie: jar.header() } }));

describe("session renewal", () => {
  it("keeps a user who calls the API every day signed in past day 8", async () => {
    const jar = new CookieJar();
    const userId = await signUpInto(jar);
    const firstExpiry = jar.expiry(COOKIE);
    expect(firstExpiry).toBeGreaterThan(jar.now);

    for (let day = 1; day <= 10; day++) {
      await passDay(jar, userId);
      const res = await request("GET", "/api/projects", jar.header());
      expect(res.status, `day ${day}`).toBe(200);
      jar.take(res.headers);
    }
    // The cookie moved with the user: it now runs a week from day 10, not from sign-up.
    expect(jar.expiry(COOKIE)).toBeGreaterThan((firstExpiry ?? 0) + 9 * DAY_MS);
  });

  it("renews on page loads too, through the proxy", async () => {
    const jar = new CookieJar();
    const userId = await signUpInto(jar);
    for (let day = 1; day <= 10; day++) {
      await passDay(jar, userId);
      const page = await visitPage(jar, "/projects");
      jar.take(page.headers);
      expect(
        (await request("GET", "/api/auth/get-session", jar.header())).body,
        `day ${day}`,
      ).not.toBeNull();
      expect(jar.header(), `day ${day}`).toContain(COOKIE);
    }
  });

  it("sends no cookie while the session is not due (the fast path)", async () => {
    const jar = new CookieJar();
    await signUpInto(jar);
    const res = await request("GET", "/api/projects", jar.header());
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await visitPage(jar, "/projects")).headers.getSetCookie()).toEqual([]);
  });

  it("renews on an error answer as well: the session was extended either way", async () => {
    const jar = new CookieJar();
    const userId = await signUpInto(jar);
    await passDay(jar, userId);
    const res = await request("GET", "/api/projects/nope", jar.header());
    expect(res.status).toBe(404);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE}=`))).toBe(true);
  });
});
