import { describe, expect, it } from "vitest";
import { client, ORIGIN, request, sessionCookie, signUp } from "../helpers/app";

const fromApp = { origin: ORIGIN };

describe("accounts", () => {
  it("signs up (signed in at once), signs out, and signs back in", async () => {
    const alice = await signUp({ email: "alice@example.com", password: "s3cret-enough" });
    const session = await alice.get("/api/auth/get-session");
    expect(session.body.user).toMatchObject({ email: "alice@example.com" });

    const out = await request("POST", "/api/auth/sign-out", alice.cookie, {
      body: {},
      headers: fromApp,
    });
    expect(out.status).toBe(200);
    // The old cookie no longer opens anything: the session row is gone.
    expect((await alice.get("/api/projects")).status).toBe(401);
    expect((await alice.get("/api/auth/get-session")).body).toBeNull();

    const back = await request("POST", "/api/auth/sign-in/email", undefined, {
      body: { email: "alice@example.com", password: "s3cret-enough" },
    });
    expect(back.status).toBe(200);
    const again = client(sessionCookie(back.headers));
    expect((await again.get("/api/projects")).status).toBe(200);
  });

  it("refuses a wrong password and a taken email", async () => {
    await signUp({ email: "bob@example.com", password: "right password" });
    const wrong = await request("POST", "/api/auth/sign-in/email", undefined, {
      body: { email: "bob@example.com", password: "wrong password" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);

    await expect(signUp({ email: "bob@example.com" })).rejects.toThrow(/sign-up failed: 422/);
  });

  it("refuses sign-out from another origin", async () => {
    const carol = await signUp();
    const res = await request("POST", "/api/auth/sign-out", carol.cookie, {
      body: {},
      headers: { origin: "http://evil.example" },
    });
    expect(res.status).toBe(403);
    expect((await carol.get("/api/projects")).status).toBe(200);
  });
});
