"use client";

import { ChevronRight, UserMinus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Suspense, useMemo, useRef, useState } from "react";
import { AppHeader } from "@/components/app-header";
import { ConversationSkeleton } from "@/components/chat/chat-panel";
import { type ChatViewer, ChatViewerContext } from "@/components/chat/chat-viewer";
import { Conversation, type ConversationHistory } from "@/components/chat/conversation";
import { SearchProvider } from "@/components/search/search-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LiveEventsProvider, useLiveEvents } from "@/components/workspace/live-events";
import { ApiClientError, api } from "@/lib/api-client";
import type { ChatSessionReadBody } from "@/lib/contract/bodies";
import type { ChatSession, ShareRole } from "@/lib/contract/entities";
import { AccessLost } from "./access-lost";
import { ROLE_NAMES } from "./role-names";

interface Props {
  userName: string;
  userId: string;
  chatSession: ChatSession;
  role: ShareRole;
  ownerName: string;
  projectName: string;
  history: Promise<ConversationHistory>;
}

/** A session shared with the user: its conversation alone, live, with what their role allows. */
export function SharedChat(props: Props) {
  return (
    <LiveEventsProvider>
      <SearchProvider>
        <div className="flex h-dvh flex-col">
          <AppHeader userName={props.userName}>
            <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1 text-sm">
              <Link
                href="/projects#shared"
                className="hidden shrink-0 text-muted-foreground hover:text-foreground sm:inline"
              >
                Shared with you
              </Link>
              <ChevronRight
                className="hidden h-4 w-4 shrink-0 text-muted-foreground sm:inline"
                aria-hidden="true"
              />
              <span className="truncate font-medium">{props.projectName}</span>
            </nav>
          </AppHeader>
          <main className="flex min-h-0 flex-1 flex-col">
            <SharedConversation {...props} />
          </main>
        </div>
      </SearchProvider>
    </LiveEventsProvider>
  );
}

function SharedConversation({ userId, chatSession, ownerName, history, ...props }: Props) {
  const id = chatSession.id;
  const [role, setRole] = useState(props.role);
  const [name, setName] = useState(chatSession.name);
  const [ended, setEnded] = useState<"revoked" | "deleted" | null>(null);
  const [leaving, setLeaving] = useState(false);
  // Left on purpose: the server's access-revoked that follows is no news.
  const left = useRef(false);
  const leaveButton = useRef<HTMLButtonElement>(null);
  const router = useRouter();
  const viewer = useMemo<ChatViewer>(
    () => ({ role, userId, ownerName }),
    [role, userId, ownerName],
  );

  /** Reads the session again: its name and the user's role now, or that access has ended. */
  async function reread() {
    try {
      const body = await api<ChatSessionReadBody>(`/api/chat-sessions/${id}`);
      // Shared again while the tab was away: the conversation is read afresh.
      if (ended) return window.location.reload();
      setName(body.chatSession.name);
      if (body.role !== "owner") setRole(body.role);
    } catch (e) {
      if (e instanceof ApiClientError && e.status === 404) setEnded("revoked");
    }
  }

  useLiveEvents((event) => {
    switch (event.type) {
      case "resync":
        return void reread();
      case "session":
        if (event.chatSession.id === id) setName(event.chatSession.name);
        return;
      case "access":
        if (event.chatSessionId !== id) return;
        // Shared again after a removal: the conversation is read afresh.
        if (ended) window.location.reload();
        else setRole(event.role);
        return;
      case "access-revoked":
        if (event.chatSessionId === id && !left.current) setEnded("revoked");
        return;
      case "session-deleted":
        if (event.chatSessionId === id) setEnded("deleted");
        return;
    }
  });

  if (ended) return <AccessLost deleted={ended === "deleted"} />;
  return (
    <ChatViewerContext value={viewer}>
      <div className="flex items-center gap-2 border-b border-border px-4 py-1.5">
        <div className="flex min-w-0 flex-1 flex-wrap items-baseline gap-x-3 gap-y-0.5">
          <h1
            className="min-w-0 truncate text-sm font-medium"
            data-testid="shared-session-name"
            title={name}
          >
            {name}
          </h1>
          <p className="text-xs text-muted-foreground" data-testid="shared-by">
            Shared by {ownerName} · {ROLE_NAMES[role]}
          </p>
        </div>
        <Button
          ref={leaveButton}
          variant="ghost"
          size="sm"
          onClick={() => setLeaving(true)}
          aria-label="Leave this chat"
          title="Leave this chat"
        >
          <UserMinus className="h-4 w-4" aria-hidden="true" />
          <span className="hidden sm:inline">Leave</span>
        </Button>
      </div>
      <Suspense fallback={<ConversationSkeleton />}>
        <Conversation chatSessionId={id} history={history} onActivity={() => {}} />
      </Suspense>
      <ConfirmDialog
        open={leaving}
        onCancel={() => setLeaving(false)}
        title="Leave this chat?"
        description={`It goes from your "Shared with you". ${ownerName} can share it with you again.`}
        confirmLabel="Leave"
        confirmTestId="confirm-leave"
        returnFocusTo={() => leaveButton.current}
        onConfirm={async () => {
          left.current = true;
          await api(`/api/chat-sessions/${id}/shares/${userId}`, { method: "DELETE" }).catch(
            (error: unknown) => {
              left.current = false;
              throw error;
            },
          );
          router.replace("/projects");
        }}
      />
    </ChatViewerContext>
  );
}
