"use client";

import { MessageSquareWarning } from "lucide-react";
import { useRouter } from "next/navigation";
import { Suspense, useCallback, useEffect, useState, useTransition } from "react";
import { useTags } from "@/components/tags/use-tags";
import { SessionInstructions } from "@/components/templates/session-instructions";
import { leaveStartDraft } from "@/components/templates/start-draft";
import { Button } from "@/components/ui/button";
import { useLiveEvents } from "@/components/workspace/live-events";
import type { ChatSession, ChatSessionListItem, SessionTemplate } from "@/lib/contract/entities";
import { Conversation, type ConversationHistory } from "./conversation";
import { SessionSwitcher } from "./session-switcher";
import { useChatSessions } from "./use-chat-sessions";

export interface ChatPanelProps {
  projectId: string;
  initialSessions: ChatSessionListItem[];
  initialSessionsCursor: string | null;
  sessionId: string;
  currentSession: ChatSession | null;
  /** The current session's newest messages, still arriving when the page's shell renders. */
  history: Promise<ConversationHistory> | null;
  /** The message the page opens at (a search hit), if any. */
  openedAt?: string;
}

/** The spec's ChatPanel: session switcher above the current session's conversation. */
export function ChatPanel(props: ChatPanelProps) {
  const { projectId, sessionId, currentSession, history } = props;
  const router = useRouter();
  const sessions = useChatSessions(projectId, props.initialSessions, props.initialSessionsCursor);
  const tags = useTags();
  // A tag deleted (here or elsewhere) while the list is filtered by it: the filter lets it go.
  const { view, setView } = sessions;
  useEffect(() => {
    if (!tags.loaded) return;
    const kept = view.tagIds.filter((id) => tags.tags.some((t) => t.id === id));
    if (kept.length < view.tagIds.length) setView({ ...view, tagIds: kept }).catch(() => {});
  }, [tags.loaded, tags.tags, view, setView]);
  const [switching, startSwitch] = useTransition();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The chat just made with New Chat: its composer takes the focus when it opens.
  const [created, setCreated] = useState<string | null>(null);

  // The session lives in the URL, so refresh, back/forward and shared links keep it.
  const open = useCallback(
    (id: string, replace = false) =>
      startSwitch(() => {
        const url = `/projects/${projectId}?session=${id}`;
        if (replace) router.replace(url);
        else router.push(url);
      }),
    [projectId, router],
  );

  /** A blank chat, or one from a template, whose first message waits in its composer. */
  async function createSession(template?: SessionTemplate) {
    setCreating(true);
    setError(null);
    try {
      const { id } = await sessions.create(template?.id);
      if (template) leaveStartDraft(id, template.firstMessage);
      setCreated(id);
      open(id);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setCreating(false);
    }
  }

  function onDeleted(id: string, remaining: ChatSessionListItem[]) {
    if (id !== sessionId) return;
    const next = remaining[0];
    // No session left: the project page makes the default one, exactly once.
    if (next) open(next.id, true);
    else startSwitch(() => router.replace(`/projects/${projectId}`));
  }

  // The list may not show it (archived, filtered out): the session as last seen, or as loaded.
  const current =
    sessions.get(sessionId) ?? (currentSession && { ...currentSession, messageCount: 0 });
  const name = current?.name ?? "Chat not found";
  const refresh = sessions.refresh;
  const onActivity = useCallback(() => void refresh().catch(() => {}), [refresh]);

  // Changes made in the user's other tabs, or through another instance.
  useLiveEvents((event) => {
    if (event.type === "resync" || event.type === "tags") {
      tags.refresh().catch(() => {});
      return void refresh().catch(() => {});
    }
    if (event.type === "templates") return; // the template picker re-reads them itself
    if (event.type === "import") {
      // Imported sessions may have landed in this project: list them once the import ends.
      if (event.import.finishedAt !== null) void refresh().catch(() => {});
      return;
    }
    // The sharing events name no project: the shared-sessions UI handles them.
    if (!("projectId" in event) || event.projectId !== projectId) return;
    if (event.type === "session") sessions.upsert(event.chatSession);
    else if (event.type === "session-deleted") {
      sessions.drop(event.chatSessionId);
      if (event.chatSessionId === sessionId)
        startSwitch(() => router.replace(`/projects/${projectId}`));
    } else if (event.type === "project-deleted") router.replace("/projects");
  });

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="chat-panel">
      <SessionSwitcher
        sessions={sessions}
        tags={tags}
        currentId={sessionId}
        currentName={name}
        current={current}
        onSelect={(id) => open(id)}
        onCreate={() => createSession()}
        onCreateFrom={createSession}
        onDeleted={onDeleted}
        creating={creating}
        sessionInfo={
          current && (
            <SessionInstructions
              session={current}
              onSave={(instructions) => sessions.update(current.id, { instructions })}
            />
          )
        }
      />
      {error && (
        <p
          role="alert"
          className="border-b border-error-border bg-error px-4 py-2 text-sm text-error-foreground"
        >
          {error}
        </p>
      )}
      {switching ? (
        <ConversationSkeleton />
      ) : currentSession && history ? (
        // A new key for another message of the same chat: opened afresh, at that message.
        <Suspense
          key={`${currentSession.id}:${props.openedAt ?? ""}`}
          fallback={<ConversationSkeleton />}
        >
          <Conversation
            chatSessionId={currentSession.id}
            history={history}
            onActivity={onActivity}
            focusComposer={created === currentSession.id}
          />
        </Suspense>
      ) : (
        <div
          className="flex flex-1 flex-col items-center justify-center gap-3 px-6 text-center"
          data-testid="session-not-found"
        >
          <MessageSquareWarning className="h-10 w-10 text-muted-foreground" />
          <h2 className="font-semibold">Chat not found</h2>
          <p className="max-w-sm text-sm text-muted-foreground">
            This chat session does not exist in this project. It may have been deleted, or the link
            is wrong.
          </p>
          <div className="mt-2 flex gap-2">
            <Button
              variant="secondary"
              onClick={() => startSwitch(() => router.replace(`/projects/${projectId}`))}
            >
              Open the latest chat
            </Button>
            <Button onClick={() => createSession()}>New Chat</Button>
          </div>
        </div>
      )}
    </div>
  );
}

export function ConversationSkeleton() {
  return (
    <div
      className="flex-1 space-y-5 px-4 py-6"
      role="status"
      aria-busy="true"
      aria-label="Loading the chat"
    >
      {[0.6, 0.9, 0.45, 0.75].map((width, i) => (
        <div key={width} className={`flex ${i % 2 === 0 ? "justify-end" : "justify-start"}`}>
          <div
            className="h-10 animate-pulse rounded-2xl bg-muted"
            style={{ width: `${width * 60}%` }}
          />
        </div>
      ))}
    </div>
  );
}
