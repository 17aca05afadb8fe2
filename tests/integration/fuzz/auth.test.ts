// Fuzzing sign-in and sign-up, Better Auth's own routes (tests/helpers/fuzz.ts holds the
// generators and the contract): never a 5xx, never a leak.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  exchange,
  expectReached,
  field,
  fx,
  type Json,
  junk,
  onTheWire,
  options,
  RUNS,
  setUpFuzzing,
  text,
} from "../../helpers/fuzz";

setUpFuzzing();

describe("fuzzed sign-in and sign-up (Better Auth's own routes)", () => {
  it("never answers 5xx or leaks", { timeout: 60_000 }, async () => {
    const email = fc.oneof(
      fc.constant(fx.alice.email),
      fc.emailAddress(),
      fc.constantFrom("a@b", "@", "x@example.com\u0000", "é@例え.jp", `${"a".repeat(300)}@e.com`),
      text,
    );
    const password = fc.oneof(
      fc.constant(fx.alice.password),
      fc.constant("short"),
      fc.constant("p".repeat(129)),
      fc.string({ minLength: 8, maxLength: 20 }),
      text,
    );
    const authBody = fc.oneof(
      fc.record(
        { email: field(email), password: field(password), name: field(text), rememberMe: junk },
        { requiredKeys: [] },
      ),
      // Plausible: the real account (sign-in), or a new address (sign-up).
      fc.record({
        email: fc.oneof(fc.constant(fx.alice.email), fc.emailAddress()),
        password: fc.oneof(
          fc.constant(fx.alice.password),
          fc.string({ minLength: 8, maxLength: 20 }),
        ),
        name: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
      }),
    );
    const route = fc.constantFrom("/api/auth/sign-in/email", "/api/auth/sign-up/email");
    await fc.assert(
      fc.asyncProperty(route, fc.oneof(authBody, junk), async (path, body) => {
        await exchange({
          method: "POST",
          path,
          body,
          headers: { "content-type": "application/json" },
          auth: true,
          cookie: undefined,
          accepted: async (res) => {
            // Only a real account signs in, and a sign-up needs a fresh, valid address.
            const input = onTheWire(body) as Json;
            expect(res.status).toBe(200);
            if (path.endsWith("sign-in/email")) expect(input.email).toBe(fx.alice.email);
            expect((await res.json()).user.email).toBe(String(input.email).toLowerCase());
          },
        });
      }),
      options(RUNS.auth),
    );
    expectReached(RUNS.auth, []);
  });
});
