"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport, generateId } from "ai";
import { Eye, RotateCcw } from "lucide-react";
import { use, useMemo, useRef, useState } from "react";
import { useStartDraft } from "@/components/templates/start-draft";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useLiveEvents } from "@/components/workspace/live-events";
import { api } from "@/lib/api-client";
import type { ChatMessageWithSiblings } from "@/lib/contract/entities";
import { roleAllows } from "@/lib/session-rights";
import { useChatViewer } from "./chat-viewer";
import { Composer } from "./composer";
import { type ConversationActions, ConversationActionsContext } from "./message-actions";
import { MessageList } from "./message-list";
import { type CraftUIMessage, finishedStatus, mergeUIMessage, toUIMessage } from "./ui-messages";
import { useActiveBranch } from "./use-active-branch";

/**
 * What the page read of a session: its newest messages and the cursor to the ones before them,
 * or, opened at a message (a search hit), the messages around it and cursors both ways.
 */
export interface ConversationHistory {
  messages: ChatMessageWithSiblings[];
  cursor: string | null;
  /** Newer messages not shown yet (only when opened at a message). */
  newerCursor?: string | null;
  /** The message it was opened at: shown, highlighted and focused. */
  openedAt?: string;
}

interface Props {
  chatSessionId: string;
  /** Suspends until the messages are there: the page streams them after its shell. */
  history: Promise<ConversationHistory>;
  /** Called when a reply ends: the session's name and place in the list may have changed. */
  onActivity: () => void;
  /** Put the cursor in the composer at once (a chat the user just created). */
  focusComposer?: boolean;
}

/**
 * One session's conversation. The server saves both sides: the browser only sends the new
 * message (useChat's transport) and shows the reply as it streams. Edits and regenerated
 * replies are new versions the server keeps beside the old ones.
 */
export function Conversation({ chatSessionId, history, onActivity, focusComposer }: Props) {
  const {
    messages: initialMessages,
    cursor: initialCursor,
    newerCursor: initialNewerCursor = null,
    openedAt,
  } = use(history);
  const startDraft = useStartDraft(chatSessionId);
  // A shared session's member: a viewer only reads; a collaborator also asks, at the end.
  const viewer = useChatViewer();
  const canAsk = roleAllows(viewer.role, "ask");
  const canManage = roleAllows(viewer.role, "manage");
  const transport = useMemo(
    () =>
      new DefaultChatTransport<CraftUIMessage>({
        api: "/api/chat",
        // `body` holds what an edit (`editOf`) or a regenerate (`replyId`) adds.
        prepareSendMessagesRequest: ({ id, messages, trigger, body }) => ({
          body: { ...body, chatSessionId: id, message: messages.at(-1), trigger },
        }),
      }),
    [],
  );
  // A turn that made a new version: once it ends, the page is read again for its versions.
  const versionTurn = useRef(false);
  const { messages, sendMessage, regenerate, stop, status, error, setMessages } =
    useChat<CraftUIMessage>({
      id: chatSessionId,
      messages: useMemo(() => initialMessages.map(toUIMessage), [initialMessages]),
      transport,
      // One render per 100 ms of streamed text at most, however fast the chunks come: the
      // reply still reads as live, and a fast model cannot keep the main thread busy.
      experimental_throttle: 100,
      onFinish: (end) => {
        const status = finishedStatus(end);
        setMessages((current) =>
          current.map((m) =>
            m.id === end.message.id ? { ...m, metadata: { ...m.metadata, status } } : m,
          ),
        );
        if (versionTurn.current) {
          versionTurn.current = false;
          void branch.resync();
        }
        onActivity();
      },
    });
  const branch = useActiveBranch({
    chatSessionId,
    messages,
    setMessages,
    initialCursor,
    initialNewerCursor,
  });
  // Showing an older stretch (opened at a search hit): what happens at the newest end is read
  // when the reader gets there.
  const atNewest = branch.newerCursor === null;
  const [editingId, setEditing] = useState<string | null>(null);
  const [deletingId, setDeletingId] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const composerInput = useRef<HTMLTextAreaElement>(null);

  const busy = status === "submitted" || status === "streaming";
  const last = messages.at(-1);
  const streamingId = busy && last?.role === "assistant" ? last.id : null;

  // Messages written elsewhere (another tab, another instance), a reply streaming there
  // included: the server passes its text on every second. While this tab streams a reply,
  // its own stream is the truth.
  useLiveEvents((event) => {
    if (busy) return;
    if (event.type === "resync") {
      if (atNewest) void branch.resync();
    } else if (event.type === "branch" && event.chatSessionId === chatSessionId)
      void branch.resync();
    else if (event.type === "message-deleted" && event.chatSessionId === chatSessionId) {
      branch.dropFrom(event.messageId);
      void branch.resync();
    } else if (event.type === "message" && event.message.chatSessionId === chatSessionId) {
      const incoming = toUIMessage(event.message);
      const shown = messages.find((m) => m.id === incoming.id);
      const continues = (last?.id ?? null) === event.message.parentId;
      if (shown)
        setMessages((current) =>
          current.map((m) => (m.id === incoming.id ? mergeUIMessage(m, incoming) : m)),
        );
      else if (!atNewest) return;
      else if (continues) setMessages((current) => [...current, incoming]);
      // A new version somewhere above the newest message: the branch itself changed.
      else void branch.resync();
    }
  });
  // A reply still being written elsewhere shows as streaming until its final state arrives.
  const pending = !busy && last?.metadata?.status === "streaming";

  async function stopReply() {
    const id = streamingId;
    await stop();
    if (id)
      await api("/api/chat/stop", {
        method: "POST",
        body: { messageId: id, chatSessionId },
      }).catch(() => {});
    onActivity();
  }

  /** Runs a change of branch, showing its failure above the composer. */
  async function changeBranch(change: () => Promise<void>) {
    setActionError(null);
    setSwitching(true);
    try {
      await change();
    } catch (e) {
      setActionError((e as Error).message);
    } finally {
      setSwitching(false);
    }
  }

  const actions: ConversationActions = {
    locked: busy || switching,
    editingId,
    setEditingId(id) {
      setEditing(id);
      // Done editing: the cursor goes back where the next message is written.
      if (id === null) composerInput.current?.focus();
    },
    editQuestion(id, text) {
      const at = messages.findIndex((m) => m.id === id);
      const old = messages[at];
      if (!old || busy) return;
      const newId = generateId();
      setEditing(null);
      setMessages(messages.slice(0, at));
      versionTurn.current = true;
      void sendMessage(
        {
          id: newId,
          role: "user",
          parts: [{ type: "text", text }],
          metadata: {
            createdAt: new Date().toISOString(),
            parentId: old.metadata?.parentId,
            siblingIds: [...(old.metadata?.siblingIds ?? [id]), newId],
          },
        },
        { body: { editOf: id } },
      );
    },
    fixReply: branch.fixReply,
    regenerate(replyId) {
      if (busy) return;
      versionTurn.current = true;
      void regenerate({ messageId: replyId, body: { replyId: generateId() } });
    },
    switchTo: (id) => void changeBranch(() => branch.switchTo(id)),
    askToDelete: setDeletingId,
  };

  const failure = (error || actionError) && (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 rounded-lg border border-error-border bg-error px-3 py-2 text-sm text-error-foreground"
    >
      <span className="flex-1">{error ? describeChatError(error) : actionError}</span>
      {error && canManage && (
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            versionTurn.current = true;
            void regenerate({ body: { replyId: generateId() } });
          }}
          data-testid="retry"
        >
          <RotateCcw className="h-3.5 w-3.5" /> Retry
        </Button>
      )}
    </div>
  );

  return (
    <ConversationActionsContext value={actions}>
      <MessageList
        messages={messages}
        streamingId={streamingId ?? (pending ? (last?.id ?? null) : null)}
        hasOlder={branch.olderCursor !== null}
        loadingOlder={branch.loadingOlder}
        onLoadOlder={branch.loadOlder}
        hasNewer={!atNewest}
        loadingNewer={branch.loadingNewer}
        onLoadNewer={branch.loadNewer}
        onShowNewest={branch.resync}
        openedAt={openedAt}
        footer={failure}
      />
      {canAsk ? (
        <Composer
          inputRef={composerInput}
          autoFocus={focusComposer}
          initialText={startDraft}
          busy={busy}
          onStop={stopReply}
          onSend={async (text) => {
            // A new message goes after the newest one: show that end first.
            if (!atNewest) await branch.resync();
            // A member's question carries their id at once, so it is named "You" as it shows.
            const authorId = canManage ? null : viewer.userId;
            await sendMessage({
              text,
              metadata: { createdAt: new Date().toISOString(), authorId },
            });
          }}
          canEditLast={canManage}
          placeholder={canManage ? undefined : "Ask in this shared chat…"}
          onEditLast={() => {
            const question = messages.findLast((m) => m.role === "user");
            if (question && !actions.locked) setEditing(question.id);
          }}
        />
      ) : (
        <p
          className="flex items-center justify-center gap-2 border-t border-border px-4 py-3 text-sm text-muted-foreground"
          data-testid="read-only-note"
        >
          <Eye className="h-4 w-4 shrink-0" aria-hidden="true" />
          You can read this chat. New messages appear as they are written.
        </p>
      )}
      <ConfirmDialog
        open={deletingId !== null}
        onCancel={() => setDeletingId(null)}
        title="Delete this message?"
        description={deletingId ? describeDelete(messages, deletingId) : ""}
        confirmLabel="Delete"
        confirmTestId="confirm-delete-message"
        returnFocusTo={() => composerInput.current}
        onConfirm={async () => {
          if (!deletingId) return;
          await branch.remove(deletingId);
          setDeletingId(null);
          onActivity();
        }}
      />
    </ConversationActionsContext>
  );
}

/** What a delete takes with it, as far as this tab shows: the messages after it go too. */
function describeDelete(messages: CraftUIMessage[], id: string): string {
  const at = messages.findIndex((m) => m.id === id);
  const after = at < 0 ? 0 : messages.length - at - 1;
  const also =
    after === 0
      ? ""
      : after === 1
        ? "The message after it goes too, with any other versions of it. "
        : `The ${after} messages after it go too, with any other versions of them. `;
  return `${also}This cannot be undone.`;
}

/** The transport reports an HTTP error with the response body as its message. */
function describeChatError(error: Error): string {
  try {
    const body = JSON.parse(error.message) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // not our JSON error body: a stream error part or a network failure
  }
  return error.message || "The reply failed.";
}
