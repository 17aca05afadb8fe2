import type { SessionRole } from "@/lib/contract/entities";

/**
 * What may be done with a session: `read` it (its messages, summary, export), `ask` in it
 * (send messages at the end of the active branch, get and stop replies, summarize), or
 * `manage` it (rename, organize, instructions, versions and branches, deletes, sharing).
 */
export type SessionAction = "read" | "ask" | "manage";

const rights: Record<SessionRole, readonly SessionAction[]> = {
  owner: ["read", "ask", "manage"],
  collaborator: ["read", "ask"],
  viewer: ["read"],
};

/** Whether a role allows an action: the one table the server enforces and the UI follows. */
export function roleAllows(role: SessionRole, action: SessionAction): boolean {
  return rights[role].includes(action);
}
