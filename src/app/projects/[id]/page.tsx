import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { ProjectWorkspace } from "@/components/workspace/project-workspace";
import { asJson } from "@/lib/types";
import { requirePageUser } from "@/server/auth/pages";
import { getDatabase } from "@/server/db";
import { encodeCursor } from "@/server/http/cursor-codec";
import { ID_PATTERN } from "@/server/http/schemas/common";
import { listChatMessages } from "@/server/queries/chat-messages";
import {
  ensureChatSession,
  getChatSessionForUser,
  listChatSessions,
} from "@/server/queries/chat-sessions";
import { getProjectForUser } from "@/server/queries/projects";

export const metadata: Metadata = { title: "Project" };

const SESSION_PAGE = 30;
const MESSAGE_PAGE = 50;

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ session?: string | string[] }>;
}

// The coding interface: the project beside its chat. The URL's ?session= picks the chat.
export default async function ProjectPage({ params, searchParams }: Props) {
  const user = await requirePageUser();
  const [{ id }, { session }] = await Promise.all([params, searchParams]);
  if (!ID_PATTERN.test(id)) notFound();
  const { db } = await getDatabase();
  const project = await getProjectForUser(db, { id, userId: user.id });
  if (!project) notFound();

  if (typeof session !== "string") {
    const latest = await ensureChatSession(db, { projectId: id, userId: user.id });
    if (!latest) notFound();
    redirect(`/projects/${id}?session=${latest}`);
  }

  const found = ID_PATTERN.test(session)
    ? await getChatSessionForUser(db, { id: session, userId: user.id })
    : null;
  // A session of another project is as unknown here as one that does not exist.
  const current = found?.projectId === id ? found : null;
  const [sessions, history] = await Promise.all([
    listChatSessions(db, { projectId: id, userId: user.id, limit: SESSION_PAGE }),
    current &&
      listChatMessages(db, { chatSessionId: current.id, userId: user.id, limit: MESSAGE_PAGE }),
  ]);

  return (
    <ProjectWorkspace
      key={project.id}
      userName={user.name}
      project={asJson(project)}
      initialSessions={asJson(sessions?.sessions ?? [])}
      initialSessionsCursor={sessions?.next ? encodeCursor(sessions.next) : null}
      sessionId={session}
      currentSession={current && asJson(current)}
      initialMessages={history ? asJson(history.messages) : []}
      initialMessagesCursor={history?.prev ? encodeCursor(history.prev) : null}
    />
  );
}
