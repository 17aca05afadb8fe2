import "server-only";
import type { Database } from "@/server/db";
import { listProjectIdsForUser } from "@/server/queries/projects";
import { announce } from "./events";

/**
 * A tag of the user's was created, renamed, recoloured or deleted: every project's cached list
 * may show it on its sessions, and every tab re-reads the tags.
 */
export async function announceTagsChanged(db: Database, userId: string) {
  const projectIds = await listProjectIdsForUser(db, { userId });
  await announce(
    userId,
    { type: "tags" },
    projectIds.map((id) => ({ kind: "project" as const, id })),
  );
}
