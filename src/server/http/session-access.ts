import "server-only";
import { roleAllows, type SessionAction } from "@/lib/session-rights";
import type { Database } from "@/server/db";
import { NotFoundError } from "@/server/errors";
import { type SessionAccess, sessionAccess } from "@/server/queries/session-access";
import { ApiError } from "./errors";

/**
 * The caller's access to a session, for `action`, or the refusal: 404 when they cannot see the
 * session (no such session, or another user's that was not shared with them: the same answer),
 * 403 `forbidden` when they can see it but their role does not allow the action.
 */
export async function requireSessionAccess(
  db: Database,
  { sessionId, userId }: { sessionId: string; userId: string },
  action: SessionAction,
): Promise<SessionAccess> {
  const access = await sessionAccess(db, { sessionId, userId });
  if (!access) throw new NotFoundError("Chat session");
  if (!roleAllows(access.role, action)) throw forbiddenForRole();
  return access;
}

/** A member of a shared session asked for what their role does not allow. */
export const forbiddenForRole = () =>
  new ApiError("forbidden", "Your role in this shared session does not allow this");
