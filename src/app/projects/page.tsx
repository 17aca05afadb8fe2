import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { ProjectsDashboard } from "@/components/projects/projects-dashboard";
import { requirePageUser } from "@/server/auth/pages";
import { getDatabase } from "@/server/db";
import { listProjectsForUser } from "@/server/queries/projects";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const user = await requirePageUser();
  const { db } = await getDatabase();
  const projects = await listProjectsForUser(db, { userId: user.id });
  return (
    <div className="min-h-dvh bg-zinc-50 dark:bg-zinc-950">
      <AppHeader userName={user.name} />
      {/* Dates cross to the client as ISO strings, the same shape the API sends. */}
      <ProjectsDashboard initialProjects={JSON.parse(JSON.stringify(projects))} />
    </div>
  );
}
