import "server-only";
import { requireUser, type SessionUser } from "@/server/auth/session";
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
    try {
      const hasBody = req.method === "POST" || req.method === "PUT" || req.method === "PATCH";
      if (isWrite(req)) assertSameOrigin(req);
      if (hasBody) assertDeclaredSize(req);
      const { db } = await getDatabase();
      const user = await requireUser(req);
      const body = hasBody ? await readJsonBody(req) : undefined;
      const params = await route.params;
      return await handler({ req, url: new URL(req.url), db, user, params, body });
    } catch (error) {
      return errorResponse(error);
    }
  };
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
