import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { ProjectsDashboard } from "@/components/projects/projects-dashboard";
import { SearchProvider } from "@/components/search/search-provider";
import { asJson } from "@/lib/as-json";
import { requirePageUser } from "@/server/auth/pages";
import { getDatabase } from "@/server/db";
import { encodeCursor } from "@/server/http/cursor-codec";
import { listProjectsForUser } from "@/server/queries/projects";

export const metadata: Metadata = { title: "Projects" };

const PAGE = 30;

export default async function ProjectsPage() {
  const user = await requirePageUser();
  const { db } = await getDatabase();
  const { projects, next } = await listProjectsForUser(db, { userId: user.id, limit: PAGE });
  return (
    <SearchProvider>
      <div className="min-h-dvh bg-canvas">
        <AppHeader userName={user.name} />
        <ProjectsDashboard
          initialProjects={asJson(projects)}
          initialCursor={next ? encodeCursor(next) : null}
        />
      </div>
    </SearchProvider>
  );
}
