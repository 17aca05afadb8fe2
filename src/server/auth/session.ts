import "server-only";
import { ApiError } from "@/server/http/errors";
import { getAuth } from "./auth";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/** The signed-in user of a request, or null. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const auth = await getAuth();
  const result = await auth.api.getSession({ headers });
  if (!result) return null;
  const { id, name, email } = result.user;
  return { id, name, email };
}

/** The signed-in user of a request; 401 when there is none. */
export async function requireUser(req: Request): Promise<SessionUser> {
  const user = await getSessionUser(req.headers);
  if (!user) throw new ApiError("unauthorized", "Sign in to continue");
  return user;
}
