import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { jsonContent } from "./operation";

// Better Auth's own endpoints: not parsed by our schemas, described by hand.

const NOTE =
  'Better Auth\'s endpoint: its errors are `{ "message", "code"? }`, not the API\'s error envelope.';

export const signUpBody = z
  .object({
    name: z.string().min(1),
    email: z.email(),
    password: z.string().min(8).max(128),
  })
  .meta({ id: "SignUpBody" });
export const signInBody = z
  .object({
    email: z.email(),
    password: z.string(),
    rememberMe: z.boolean().optional(),
  })
  .meta({ id: "SignInBody" });

const answers = (list: Record<number, string>) =>
  Object.fromEntries(
    Object.entries(list).map(([status, description]) => [status, { description }]),
  );

export const authPaths = (): ZodOpenApiPathsObject => ({
  "/api/auth/sign-up/email": {
    post: {
      operationId: "signUpEmail",
      tags: ["auth"],
      summary: "Create an account and sign in",
      description: `Sets the session cookie. ${NOTE}`,
      security: [],
      requestBody: { required: true, content: jsonContent(signUpBody) },
      responses: answers({
        200: "Signed up and signed in: `{ token, user }`",
        400: "Invalid email, or a password under 8 or over 128 characters",
        403: "Sent from an origin that is not this app's",
        415: "The body is not `application/json`",
        422: "An account with this email already exists",
        429: "Too many attempts from this address; see `X-Retry-After`",
      }),
    },
  },
  "/api/auth/sign-in/email": {
    post: {
      operationId: "signInEmail",
      tags: ["auth"],
      summary: "Sign in",
      description: `Sets the session cookie. ${NOTE}`,
      security: [],
      requestBody: { required: true, content: jsonContent(signInBody) },
      responses: answers({
        200: "Signed in: `{ redirect, token, user }`",
        401: "Invalid email or password",
        403: "Sent from an origin that is not this app's",
        415: "The body is not `application/json`",
        429:
          "Too many attempts from this address (Better Auth's `{ message }`, see " +
          "`X-Retry-After`), or for this account (the `rate_limited` error, see `Retry-After`)",
      }),
    },
  },
  "/api/auth/sign-out": {
    post: {
      operationId: "signOut",
      tags: ["auth"],
      summary: "Sign out: ends the session and clears the cookie",
      description:
        "A request carrying the session cookie must also carry an `Origin` header naming this " +
        `app (browsers do; add it with curl), and a JSON body such as \`{}\`. ${NOTE}`,
      requestBody: { required: true, content: jsonContent(z.object({})) },
      responses: answers({
        200: "`{ success: true }`",
        400: "The body is not JSON",
        403: "No `Origin`, or a foreign one",
        415: "The body is not `application/json`",
      }),
    },
  },
  "/api/auth/get-session": {
    get: {
      operationId: "getSession",
      tags: ["auth"],
      summary: "The current session and user, or `null` when signed out",
      description: NOTE,
      security: [],
      responses: answers({ 200: "`{ session, user }`, or `null`" }),
    },
  },
});
