import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import type { ConversationHistory } from "@/components/chat/conversation";
import { ProjectWorkspace } from "@/components/workspace/project-workspace";
import { asJson } from "@/lib/as-json";
import { requirePageUser } from "@/server/auth/pages";
import { type Database, getDatabase } from "@/server/db";
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
// What decides the answer's status (sign-in redirect, 404, the redirect to the latest chat)
// is read before the first byte; the chat's messages stream into the same answer after it.
export default async function ProjectPage({ params, searchParams }: Props) {
  const user = await requirePageUser();
  const [{ id }, { session }] = await Promise.all([params, searchParams]);
  if (!ID_PATTERN.test(id)) notFound();
  const { db } = await getDatabase();

  if (typeof session !== "string") {
    if (!(await getProjectForUser(db, { id, userId: user.id }))) notFound();
    const latest = await ensureChatSession(db, { projectId: id, userId: user.id });
    if (!latest) notFound();
    redirect(`/projects/${id}?session=${latest}`);
  }

  // Three independent reads, each scoped to the user: one round trip's wait, not three.
  const [project, found, sessions] = await Promise.all([
    getProjectForUser(db, { id, userId: user.id }),
    ID_PATTERN.test(session) ? getChatSessionForUser(db, { id: session, userId: user.id }) : null,
    listChatSessions(db, { projectId: id, userId: user.id, limit: SESSION_PAGE }),
  ]);
  if (!project) notFound();
  // A session of another project is as unknown here as one that does not exist.
  const current = found?.projectId === id ? found : null;

  return (
    <ProjectWorkspace
      key={project.id}
      userName={user.name}
      project={asJson(project)}
      initialSessions={asJson(sessions?.sessions ?? [])}
      initialSessionsCursor={sessions?.next ? encodeCursor(sessions.next) : null}
      sessionId={session}
      currentSession={current && asJson(current)}
      history={current && readHistory(db, { chatSessionId: current.id, userId: user.id })}
    />
  );
}

/**
 * The newest messages, not awaited: the page's shell goes out first and these render into the
 * same response when they arrive (the conversation shows its skeleton until then).
 */
async function readHistory(
  db: Database,
  params: { chatSessionId: string; userId: string },
): Promise<ConversationHistory> {
  const history = await listChatMessages(db, { ...params, limit: MESSAGE_PAGE });
  return {
    messages: history ? asJson(history.messages) : [],
    cursor: history?.prev ? encodeCursor(history.prev) : null,
  };
}
