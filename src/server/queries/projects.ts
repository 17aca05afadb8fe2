import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "@/server/db";
import { chatSessions, type ProjectFiles, projects } from "@/server/db/schema";

export type Project = typeof projects.$inferSelect;

export interface ProjectChanges {
  name?: string;
  description?: string | null;
  type?: string;
  status?: string;
  files?: ProjectFiles;
}

export function listProjectsForUser(db: Database, { userId }: { userId: string }) {
  return db
    .select()
    .from(projects)
    .where(eq(projects.userId, userId))
    .orderBy(desc(projects.updatedAt), desc(projects.id));
}

export async function getProjectForUser(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<Project | null> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, id), eq(projects.userId, userId)));
  return row ?? null;
}

export async function insertProject(
  db: Database,
  params: { userId: string; name: string; description?: string | null; type?: string },
): Promise<Project> {
  const [row] = await db.insert(projects).values(params).returning();
  if (!row) throw new Error("insert into projects returned no row");
  return row;
}

export async function updateProjectForUser(
  db: Database,
  { id, userId, changes }: { id: string; userId: string; changes: ProjectChanges },
): Promise<Project | null> {
  const [row] = await db
    .update(projects)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(projects.id, id), eq(projects.userId, userId)))
    .returning();
  return row ?? null;
}

/**
 * Deletes the project; its sessions and their messages go with it (ON DELETE CASCADE).
 * Returns the ids of the sessions that went (to retire what refers to them), or null when the
 * project is not the user's.
 */
export async function deleteProjectForUser(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<string[] | null> {
  return db.transaction(async (tx) => {
    const sessions = await tx
      .select({ id: chatSessions.id })
      .from(chatSessions)
      .innerJoin(projects, eq(projects.id, chatSessions.projectId))
      .where(and(eq(projects.id, id), eq(projects.userId, userId)));
    const rows = await tx
      .delete(projects)
      .where(and(eq(projects.id, id), eq(projects.userId, userId)))
      .returning({ id: projects.id });
    return rows.length > 0 ? sessions.map((s) => s.id) : null;
  });
}
