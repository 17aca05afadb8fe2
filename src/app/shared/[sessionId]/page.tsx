import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import type { ConversationHistory } from "@/components/chat/conversation";
import { SharedChat } from "@/components/sharing/shared-chat";
import { asJson } from "@/lib/as-json";
import type { ShareRole } from "@/lib/contract/entities";
import { requirePageUser } from "@/server/auth/pages";
import { type Database, getDatabase } from "@/server/db";
import { encodeCursor } from "@/server/http/cursor-codec";
import { ID_PATTERN } from "@/server/http/schemas/common";
import { listChatMessages } from "@/server/queries/chat-messages";
import { getChatSessionForUser } from "@/server/queries/chat-sessions";
import { getProjectForUser } from "@/server/queries/projects";
import { sessionAccess } from "@/server/queries/session-access";
import { userName } from "@/server/queries/shares";

export const metadata: Metadata = { title: "Shared chat" };

const MESSAGE_PAGE = 50;

interface Props {
  params: Promise<{ sessionId: string }>;
}

// A session someone shared with you: its conversation alone, with what your role allows. Not
// shared with you (or no longer) looks like no such session: 404. Its owner goes to their project.
export default async function SharedChatPage({ params }: Props) {
  const user = await requirePageUser();
  const { sessionId } = await params;
  if (!ID_PATTERN.test(sessionId)) notFound();
  const { db } = await getDatabase();
  const access = await sessionAccess(db, { sessionId, userId: user.id });
  if (!access) notFound();
  if (access.role === "owner") redirect(`/projects/${access.projectId}?session=${sessionId}`);
  const role: ShareRole = access.role;

  const { ownerId, projectId } = access;
  const [chatSession, project, ownerName] = await Promise.all([
    getChatSessionForUser(db, { id: sessionId, userId: ownerId }),
    getProjectForUser(db, { id: projectId, userId: ownerId }),
    userName(db, { userId: ownerId }),
  ]);
  if (!chatSession || !project) notFound();

  return (
    <SharedChat
      userName={user.name}
      userId={user.id}
      // A member sees the session, not the owner's way of filing it: no tags.
      chatSession={asJson({ ...chatSession, tags: [] })}
      role={role}
      ownerName={ownerName}
      projectName={project.name}
      history={readHistory(db, { chatSessionId: sessionId, userId: ownerId })}
    />
  );
}

/** The newest messages, streamed into the answer after the page's shell. */
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
