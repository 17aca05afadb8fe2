import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import type { ConversationHistory } from "@/components/chat/conversation";
import { ProjectWorkspace } from "@/components/workspace/project-workspace";
import { asJson } from "@/lib/as-json";
import { requirePageUser } from "@/server/auth/pages";
import { type Database, getDatabase } from "@/server/db";
import { ConflictError, NotFoundError } from "@/server/errors";
import { encodeCursor } from "@/server/http/cursor-codec";
import { ID_PATTERN } from "@/server/http/schemas/common";
import { listChatMessages, listChatMessagesAround } from "@/server/queries/chat-messages";
import {
  ensureChatSession,
  getChatSessionForUser,
  listChatSessions,
} from "@/server/queries/chat-sessions";
import { getProjectForUser } from "@/server/queries/projects";
import { withTags, withTagsOne } from "@/server/queries/tags";

export const metadata: Metadata = { title: "Project" };

const SESSION_PAGE = 30;
const MESSAGE_PAGE = 50;

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ session?: string | string[]; message?: string | string[] }>;
}

// The coding interface: the project beside its chat. The URL's ?session= picks the chat, and
// ?message= (a search hit) the message it opens at.
// What decides the answer's status (sign-in redirect, 404, the redirect to the latest chat)
// is read before the first byte; the chat's messages stream into the same answer after it.
export default async function ProjectPage({ params, searchParams }: Props) {
  const user = await requirePageUser();
  const [{ id }, { session, message }] = await Promise.all([params, searchParams]);
  const openAt = typeof message === "string" && ID_PATTERN.test(message) ? message : undefined;
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
  const own = found?.projectId === id ? found : null;
  // The tags of the current session and of the list, read side by side.
  const [current, listed] = await Promise.all([
    own && withTagsOne(db, own),
    withTags(db, sessions?.sessions ?? []),
  ]);

  return (
    <ProjectWorkspace
      key={project.id}
      userName={user.name}
      project={asJson(project)}
      initialSessions={asJson(listed)}
      initialSessionsCursor={sessions?.next ? encodeCursor(sessions.next) : null}
      sessionId={session}
      currentSession={current && asJson(current)}
      openedAt={openAt}
      history={current && readHistory(db, { chatSessionId: current.id, userId: user.id, openAt })}
    />
  );
}

/**
 * The newest messages, or those around `openAt` when it is on the active branch; not awaited:
 * the page's shell goes out first and these render into the same response when they arrive
 * (the conversation shows its skeleton until then).
 */
async function readHistory(
  db: Database,
  { openAt, ...params }: { chatSessionId: string; userId: string; openAt?: string },
): Promise<ConversationHistory> {
  if (openAt) {
    // Deleted since, or on a version not shown: the chat opens at its newest messages.
    const around = await listChatMessagesAround(db, {
      ...params,
      around: openAt,
      limit: MESSAGE_PAGE,
    }).catch((error: unknown) => {
      if (error instanceof NotFoundError || error instanceof ConflictError) return null;
      throw error;
    });
    if (around)
      return {
        messages: asJson(around.messages),
        cursor: around.prev ? encodeCursor(around.prev) : null,
        newerCursor: around.next ? encodeCursor(around.next) : null,
        openedAt: openAt,
      };
  }
  const history = await listChatMessages(db, { ...params, limit: MESSAGE_PAGE });
  return {
    messages: history ? asJson(history.messages) : [],
    cursor: history?.prev ? encodeCursor(history.prev) : null,
  };
}
