import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { ProjectsDashboard } from "@/components/projects/projects-dashboard";
import { SearchProvider } from "@/components/search/search-provider";
import { SharedWithYou } from "@/components/sharing/shared-with-you";
import { LiveEventsProvider } from "@/components/workspace/live-events";
import { asJson } from "@/lib/as-json";
import { requirePageUser } from "@/server/auth/pages";
import { getDatabase } from "@/server/db";
import { encodeCursor } from "@/server/http/cursor-codec";
import { listProjectsForUser } from "@/server/queries/projects";
import { listSharedWithUser } from "@/server/queries/shares";

export const metadata: Metadata = { title: "Projects" };

const PAGE = 30;

export default async function ProjectsPage() {
  const user = await requirePageUser();
  const { db } = await getDatabase();
  const [{ projects, next }, shared] = await Promise.all([
    listProjectsForUser(db, { userId: user.id, limit: PAGE }),
    listSharedWithUser(db, { userId: user.id, limit: PAGE }),
  ]);
  return (
    // Live for "Shared with you": a chat shared, or no longer, while the page is open.
    <LiveEventsProvider>
      <SearchProvider>
        <div className="min-h-dvh bg-canvas">
          <AppHeader userName={user.name} />
          <ProjectsDashboard
            initialProjects={asJson(projects)}
            initialCursor={next ? encodeCursor(next) : null}
            shared={
              <SharedWithYou
                initialShared={asJson(shared.sharedSessions)}
                initialCursor={shared.next ? encodeCursor(shared.next) : null}
              />
            }
          />
        </div>
      </SearchProvider>
    </LiveEventsProvider>
  );
}
