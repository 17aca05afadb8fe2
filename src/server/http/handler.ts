import "server-only";
import type { z } from "zod";
import type { Sendable } from "@/lib/contract/entities";
import { requireSession, type SessionUser } from "@/server/auth/session";
import { type Database, getDatabase } from "@/server/db";
import { errorResponse } from "./errors";
import { assertDeclaredSize, assertSameOrigin, isWrite, readJsonBody } from "./request";

type Params = Record<string, string | string[]>;

export interface UserContext<P extends Params> {
  req: Request;
  url: URL;
  db: Database;
  /** The database for long paged reads, the exports' (see DatabaseHandle). */
  bulkReads: Database;
  user: SessionUser;
  params: P;
  /** The parsed JSON body of a POST, PUT or PATCH; undefined otherwise. */
  body: unknown;
}

type RouteContext<P extends Params> = { params: Promise<P> };

export interface RouteOptions {
  /**
   * `stream`: the handler reads `req.body` itself, under its own limit (an upload); the JSON
   * body limit and parsing are skipped, `body` is undefined.
   */
  body?: "json" | "stream";
}

/**
 * Every API route goes through here: same-origin guard and body limits on writes, the
 * session, JSON parsing and error mapping, done once. The handler only sees a signed-in user.
 */
export function withUser<P extends Params = Params>(
  handler: (ctx: UserContext<P>) => Promise<Response>,
  options: RouteOptions = {},
) {
  return async (req: Request, route: RouteContext<P>): Promise<Response> => {
    let renewal: string[] = [];
    try {
      const hasBody =
        options.body !== "stream" &&
        (req.method === "POST" || req.method === "PUT" || req.method === "PATCH");
      if (isWrite(req)) assertSameOrigin(req);
      if (hasBody) assertDeclaredSize(req);
      const { db, bulkReads } = await getDatabase();
      const session = await requireSession(req);
      renewal = session.renewal;
      const body = hasBody ? await readJsonBody(req) : undefined;
      const params = await route.params;
      const response = await handler({
        req,
        url: new URL(req.url),
        db,
        bulkReads,
        user: session.user,
        params,
        body,
      });
      return withCookies(response, renewal);
    } catch (error) {
      return withCookies(errorResponse(error), renewal);
    }
  };
}

/** The response with `cookies` added as Set-Cookie headers (a renewed session cookie). */
export function withCookies(response: Response, cookies: string[]): Response {
  if (cookies.length === 0) return response;
  // A Response from fetch() has immutable headers; a copy shares the body stream.
  const copy = new Response(response.body, response);
  for (const cookie of cookies) copy.headers.append("set-cookie", cookie);
  return copy;
}

/** For the few routes anyone may call (health, the API description): error mapping only. */
export function withPublic(handler: (req: Request) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      return await handler(req);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * Answers `data` as JSON; its type must fit the contract's `schema`. Under test every answer is
 * also parsed with the schema, so a field leaking out or missing fails the test that sent it.
 */
export function json<S extends z.ZodType>(
  schema: S,
  data: Sendable<z.output<S>>,
  status = 200,
): Response {
  if (checkAnswers) checkAnswer(schema, JSON.parse(JSON.stringify(data)));
  return Response.json(data, { status });
}

/** A JSON body already serialised (a cached response), checked like `json`'s. */
export function jsonText(schema: z.ZodType, body: string, status = 200): Response {
  if (checkAnswers) checkAnswer(schema, JSON.parse(body));
  return new Response(body, { status, headers: { "content-type": "application/json" } });
}

const checkAnswers = process.env.NODE_ENV === "test";

function checkAnswer(schema: z.ZodType, body: unknown) {
  const result = schema.safeParse(body);
  // Not a ZodError: that would be answered as the client's 400.
  if (!result.success) throw new Error(`answer breaks its schema: ${result.error.message}`);
}
