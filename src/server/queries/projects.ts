import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { chatSessions, projects } from "@/server/db/schema";

export type Project = typeof projects.$inferSelect;

export type ProjectChanges = Partial<
  Pick<Project, "name" | "description" | "type" | "status" | "files">
>;

export interface ProjectCursor {
  updatedAt: Date;
  id: string;
}

/** The user's projects, most recently updated first; with `limit`, one page after `after`. */
export async function listProjectsForUser(
  db: Database,
  { userId, limit, after }: { userId: string; limit?: number; after?: ProjectCursor },
): Promise<{ projects: Project[]; next: ProjectCursor | null }> {
  const query = db
    .select()
    .from(projects)
    .where(
      and(
        eq(projects.userId, userId),
        after
          ? sql`(${projects.updatedAt}, ${projects.id}) < (${after.updatedAt.toISOString()}::timestamptz, ${after.id})`
          : undefined,
      ),
    )
    .orderBy(desc(projects.updatedAt), desc(projects.id))
    .$dynamic();
  const rows = await (limit === undefined ? query : query.limit(limit + 1));
  const hasMore = limit !== undefined && rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    projects: page,
    next: hasMore && last ? { updatedAt: last.updatedAt, id: last.id } : null,
  };
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

/** The ids of the user's projects (for retiring their cached lists). */
export async function listProjectIdsForUser(
  db: Database,
  { userId }: { userId: string },
): Promise<string[]> {
  const rows = await db
    .select({ id: projects.id })
    .from(projects)
    .where(eq(projects.userId, userId));
  return rows.map((r) => r.id);
}
