import "server-only";
import type { ExportLine } from "@/lib/contract/export";
import type { Database } from "@/server/db";
import {
  type CreatedCursor,
  listProjectsToExport,
  listSessionsToExport,
} from "@/server/queries/export";
import { tagsOfSessions } from "@/server/queries/tags";
import { exportHeader, toExportProject, toExportSessionHead } from "./export-objects";
import { allMessagePages } from "./message-pages";

const PROJECT_PAGE = 50;
const SESSION_PAGE = 100;

const line = (value: ExportLine) => `${JSON.stringify(value)}\n`;

/**
 * A project (`projectId`) or the whole account as NDJSON lines: the header, then each project
 * followed by its sessions, each session followed by every message of it, and an `end` line
 * with the counts, which tells a whole file from a cut one. Read a page at a time throughout.
 */
export async function* ndjsonExportChunks(
  db: Database,
  params: { userId: string; projectId?: string; exportedAt: Date },
): AsyncGenerator<string> {
  const { userId, projectId, exportedAt } = params;
  yield line(exportHeader(projectId === undefined ? "account" : "project", exportedAt));
  const counts = { projects: 0, sessions: 0, messages: 0 };
  let afterProject: CreatedCursor | null = null;
  for (;;) {
    const projects = await listProjectsToExport(db, {
      userId,
      projectId,
      after: afterProject,
      limit: PROJECT_PAGE,
    });
    for (const project of projects) {
      yield line({ type: "project", ...toExportProject(project) });
      counts.projects += 1;
      let afterSession: CreatedCursor | null = null;
      for (;;) {
        const sessions = await listSessionsToExport(db, {
          userId,
          projectId: project.id,
          after: afterSession,
          limit: SESSION_PAGE,
        });
        const tags = await tagsOfSessions(
          db,
          sessions.map((s) => s.id),
        );
        for (const session of sessions) {
          yield line({
            type: "session",
            ...toExportSessionHead(session, tags.get(session.id) ?? []),
          });
          counts.sessions += 1;
          for await (const page of allMessagePages(db, { userId, session })) {
            let text = "";
            for (const message of page)
              text += line({ type: "message", sessionId: session.id, ...message });
            counts.messages += page.length;
            yield text;
          }
        }
        const last = sessions.at(-1);
        if (!last || sessions.length < SESSION_PAGE) break;
        afterSession = { createdAt: last.createdAt, id: last.id };
      }
    }
    const last = projects.at(-1);
    if (!last || projects.length < PROJECT_PAGE) break;
    afterProject = { createdAt: last.createdAt, id: last.id };
  }
  yield line({ type: "end", ...counts });
}
