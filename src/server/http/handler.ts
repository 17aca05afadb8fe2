import "server-only";
import { requireSession, type SessionUser } from "@/server/auth/session";
import { type Database, getDatabase } from "@/server/db";
import { errorResponse } from "./errors";
import { assertDeclaredSize, assertSameOrigin, isWrite, readJsonBody } from "./request";

type Params = Record<string, string | string[]>;

export interface UserContext<P extends Params> {
  req: Request;
  url: URL;
  db: Database;
  user: SessionUser;
  params: P;
  /** The parsed JSON body of a POST, PUT or PATCH; undefined otherwise. */
  body: unknown;
}

type RouteContext<P extends Params> = { params: Promise<P> };

/**
 * Every API route goes through here: same-origin guard and body limits on writes, the
 * session, JSON parsing and error mapping, done once. The handler only sees a signed-in user.
 */
export function withUser<P extends Params = Params>(
  handler: (ctx: UserContext<P>) => Promise<Response>,
) {
  return async (req: Request, route: RouteContext<P>): Promise<Response> => {
    let renewal: string[] = [];
    try {
      const hasBody = req.method === "POST" || req.method === "PUT" || req.method === "PATCH";
      if (isWrite(req)) assertSameOrigin(req);
      if (hasBody) assertDeclaredSize(req);
      const { db } = await getDatabase();
      const session = await requireSession(req);
      renewal = session.renewal;
      const body = hasBody ? await readJsonBody(req) : undefined;
      const params = await route.params;
      const response = await handler({
        req,
        url: new URL(req.url),
        db,
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

export const json = (data: unknown, status = 200) => Response.json(data, { status });

/** A JSON body already serialised (a cached response). */
export const jsonText = (body: string, status = 200) =>
  new Response(body, { status, headers: { "content-type": "application/json" } });
