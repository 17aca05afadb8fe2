"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { RotateCcw } from "lucide-react";
import { use, useCallback, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { useLiveEvents } from "@/components/workspace/live-events";
import { api } from "@/lib/api-client";
import type { MessagePage } from "@/lib/contract/bodies";
import type { ChatMessage } from "@/lib/contract/entities";
import { Composer } from "./composer";
import { MessageList } from "./message-list";
import { type CraftUIMessage, finishedStatus, toUIMessage } from "./ui-messages";

const OLDER_PAGE = 50;

/** A session's newest messages and the cursor to the ones before them, as the page reads them. */
export interface ConversationHistory {
  messages: ChatMessage[];
  cursor: string | null;
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
 * message (useChat's transport) and shows the reply as it streams.
 */
export function Conversation({ chatSessionId, history, onActivity, focusComposer }: Props) {
  const { messages: initialMessages, cursor: initialCursor } = use(history);
  const transport = useMemo(
    () =>
      new DefaultChatTransport<CraftUIMessage>({
        api: "/api/chat",
        prepareSendMessagesRequest: ({ id, messages, trigger }) => ({
          body: { chatSessionId: id, message: messages.at(-1), trigger },
        }),
      }),
    [],
  );
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
        onActivity();
      },
    });
  const [olderCursor, setOlderCursor] = useState(initialCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);

  const busy = status === "submitted" || status === "streaming";
  const last = messages.at(-1);
  const streamingId = busy && last?.role === "assistant" ? last.id : null;

  const loadOlder = useCallback(async () => {
    if (!olderCursor || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await api<MessagePage>(
        `/api/chat-messages?chatSessionId=${chatSessionId}&limit=${OLDER_PAGE}&before=${olderCursor}`,
      );
      setMessages((current) => [
        ...page.messages.filter((m) => !current.some((c) => c.id === m.id)).map(toUIMessage),
        ...current,
      ]);
      setOlderCursor(page.prevCursor);
    } finally {
      setLoadingOlder(false);
    }
  }, [chatSessionId, olderCursor, loadingOlder, setMessages]);

  // After missed events: the newest page replaces what this tab shows of it.
  async function resync() {
    const page = await api<MessagePage>(
      `/api/chat-messages?chatSessionId=${chatSessionId}&limit=${OLDER_PAGE}`,
    ).catch(() => null);
    if (!page) return;
    const fresh = page.messages.map(toUIMessage);
    const first = fresh[0];
    const joins = (list: CraftUIMessage[]) =>
      first ? list.findIndex((m) => m.id === first.id) : -1;
    setMessages((current) => {
      const at = joins(current);
      return at >= 0 ? [...current.slice(0, at), ...fresh] : fresh;
    });
    if (joins(messages) < 0) setOlderCursor(page.prevCursor);
  }

  // Messages written elsewhere (another tab, another instance), a reply streaming there
  // included: the server passes its text on every second. While this tab streams a reply,
  // its own stream is the truth.
  useLiveEvents((event) => {
    if (busy) return;
    if (event.type === "resync") void resync();
    else if (event.type === "message" && event.message.chatSessionId === chatSessionId) {
      const incoming = toUIMessage(event.message);
      setMessages((current) =>
        current.some((m) => m.id === incoming.id)
          ? current.map((m) => (m.id === incoming.id ? incoming : m))
          : [...current, incoming],
      );
    } else if (event.type === "message-deleted" && event.chatSessionId === chatSessionId) {
      setMessages((current) => current.filter((m) => m.id !== event.messageId));
    }
  });
  // A reply still being written elsewhere shows as streaming until its final state arrives.
  const pending = !busy && last?.metadata?.status === "streaming";

  async function stopReply() {
    const id = streamingId;
    await stop();
    if (id)
      await api("/api/chat/stop", { method: "POST", body: { messageId: id } }).catch(() => {});
    onActivity();
  }

  const failure = error && (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 rounded-lg border border-error-border bg-error px-3 py-2 text-sm text-error-foreground"
    >
      <span className="flex-1">{describeChatError(error)}</span>
      <Button variant="secondary" size="sm" onClick={() => regenerate()} data-testid="retry">
        <RotateCcw className="h-3.5 w-3.5" /> Retry
      </Button>
    </div>
  );

  return (
    <>
      <MessageList
        messages={messages}
        streamingId={streamingId ?? (pending ? (last?.id ?? null) : null)}
        hasOlder={olderCursor !== null}
        loadingOlder={loadingOlder}
        onLoadOlder={loadOlder}
        footer={failure}
      />
      <Composer
        autoFocus={focusComposer}
        busy={busy}
        onStop={stopReply}
        onSend={(text) => sendMessage({ text, metadata: { createdAt: new Date().toISOString() } })}
      />
    </>
  );
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
