import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { getDatabase } from "@/server/db";
import { preparedFor } from "@/server/db/prepared";
import { session, user } from "@/server/db/schema";
import { ApiError } from "@/server/http/errors";
import { logger } from "@/server/logger";
import { getAuth, SESSION_EXPIRES_IN_S, SESSION_UPDATE_AGE_S, secureCookies } from "./auth";
import { authSecret } from "./secret";
import { sessionCookieName, sessionTokenFromCookies } from "./session-cookie";

const log = logger.child({ area: "auth" });

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

export interface RequestSession {
  user: SessionUser;
  /**
   * Set-Cookie values that renew the session cookie, for the response to carry: present once a
   * day, when the session was due for its extension. Without them the browser's cookie would
   * expire a week after sign-in, however active its user.
   */
  renewal: string[];
}

const sessionUserByToken = preparedFor((db) =>
  db
    .select({ id: user.id, name: user.name, email: user.email, expiresAt: session.expiresAt })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(and(eq(session.token, sql.placeholder("token")), gt(session.expiresAt, sql`now()`)))
    .prepare("session_user_by_token"),
);

/** The session cookie's token when the request carries one signed by this app, else null. */
function sessionToken(headers: Headers): string | null {
  return sessionTokenFromCookies(
    headers.get("cookie"),
    sessionCookieName(secureCookies()),
    authSecret(),
  );
}

/**
 * The signed-in user of a request, or null. Every API request asks this, so it is one query:
 * the signed cookie checked here, the session and its user read in one join. Better Auth's
 * own session check (about 1.5 ms of CPU a call, measured) runs only when the session is due
 * for its daily extension: it moves the expiry and hands back the renewed cookie.
 */
export async function getRequestSession(headers: Headers): Promise<RequestSession | null> {
  const token = sessionToken(headers);
  if (!token) return null;
  const { db } = await getDatabase();
  const [row] = await sessionUserByToken(db).execute({ token });
  if (!row) return null;
  const user = { id: row.id, name: row.name, email: row.email };
  const dueForExtension =
    row.expiresAt.getTime() - (SESSION_EXPIRES_IN_S - SESSION_UPDATE_AGE_S) * 1000 <= Date.now();
  if (!dueForExtension) return { user, renewal: [] };
  const extended = await (await getAuth()).api.getSession({ headers, returnHeaders: true });
  if (!extended.response) return null; // signed out or deleted meanwhile
  return { user, renewal: extended.headers.getSetCookie() };
}

/** The signed-in user of a request, or null (pages, which cannot set cookies; see proxy.ts). */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  return (await getRequestSession(headers))?.user ?? null;
}

/** The signed-in user of a request and any cookie renewal; 401 when there is none. */
export async function requireSession(req: Request): Promise<RequestSession> {
  const found = await getRequestSession(req.headers);
  if (!found) throw new ApiError("unauthorized", "Sign in to continue");
  return found;
}

/**
 * The Set-Cookie values that renew a page request's session when it is due, else none. Pages
 * cannot set cookies, so proxy.ts calls this and puts them on the page's answer. A failure here
 * (the database down) is the page's to report: it reads the session again and answers for it.
 */
export async function pageSessionRenewal(headers: Headers): Promise<string[]> {
  try {
    return (await getRequestSession(headers))?.renewal ?? [];
  } catch (error) {
    log.warn({ err: error }, "session renewal skipped");
    return [];
  }
}
