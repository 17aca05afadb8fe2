"use client";

import { ArrowDown, Loader2, MessagesSquare } from "lucide-react";
import { type ReactNode, type RefObject, useEffect, useLayoutEffect, useRef } from "react";
import { useStickToBottom } from "use-stick-to-bottom";
import { useWhenVisible } from "@/components/ui/use-when-visible";
import { authorLabel, showsAuthors, useChatViewer } from "./chat-viewer";
import { MessageItem } from "./message-item";
import type { CraftUIMessage } from "./ui-messages";

interface Props {
  messages: CraftUIMessage[];
  streamingId: string | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  /** Newer messages to load at the bottom: the list was opened at an older message. */
  hasNewer: boolean;
  loadingNewer: boolean;
  onLoadNewer: () => void;
  /** Replaces what is shown by the newest messages (the way down from an older stretch). */
  onShowNewest: () => Promise<void>;
  /** The message the list was opened at (a search hit): scrolled to, marked and focused. */
  openedAt?: string;
  /** Shown after the last message (an error with its retry button). */
  footer?: ReactNode;
}

/**
 * The conversation. Follows new text while the reader is at the bottom and stops when they
 * scroll up (use-stick-to-bottom watches the content's size, so nothing runs per render);
 * reaching the top loads older messages without moving what is on screen, and, opened at a
 * message, reaching the bottom loads newer ones.
 */
export function MessageList({
  messages,
  streamingId,
  hasOlder,
  loadingOlder,
  onLoadOlder,
  hasNewer,
  loadingNewer,
  onLoadNewer,
  onShowNewest,
  openedAt,
  footer,
}: Props) {
  const { scrollRef, contentRef, isAtBottom, scrollToBottom } = useStickToBottom({
    // Opened at a message: that message is what the reader came for, not the newest.
    initial: openedAt ? false : "instant",
    resize: "instant",
  });
  useEffect(() => {
    const node = openedAt && messageNode(scrollRef.current, openedAt);
    if (!node) return;
    node.scrollIntoView({ block: "center" });
    node.focus({ preventScroll: true });
  }, [openedAt, scrollRef]);
  const bottomSentinel = useWhenVisible<HTMLDivElement>(hasNewer && !loadingNewer, onLoadNewer);
  // Where the first message sat when older ones were asked for: put back once they are in.
  const anchor = useRef<{ id: string; top: number } | null>(null);
  const topSentinel = useWhenVisible<HTMLDivElement>(hasOlder && !loadingOlder, () => {
    const first = messages[0];
    const node = first && messageNode(scrollRef.current, first.id);
    if (node) anchor.current = { id: first.id, top: node.getBoundingClientRect().top };
    onLoadOlder();
  });

  const viewer = useChatViewer();
  const authors = showsAuthors(messages, viewer);

  const firstId = messages[0]?.id;
  useLayoutEffect(() => {
    const held = anchor.current;
    const node = held && firstId !== held.id && messageNode(scrollRef.current, held.id);
    if (!held || !node || !scrollRef.current) return;
    scrollRef.current.scrollTop += node.getBoundingClientRect().top - held.top;
    anchor.current = null;
  }, [firstId, scrollRef]);

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        className="h-full overflow-y-auto px-4 py-4 [overflow-anchor:none]"
        data-testid="message-scroller"
      >
        {messages.length === 0 ? (
          <div
            className="flex h-full flex-col items-center justify-center gap-2 text-center text-muted-foreground"
            data-testid="empty-chat"
          >
            <MessagesSquare className="h-9 w-9 text-muted-foreground/50" />
            {viewer.role === "viewer" ? (
              <p className="font-medium text-foreground">No messages yet</p>
            ) : (
              <>
                <p className="font-medium text-foreground">Start the conversation</p>
                <p className="max-w-xs text-sm">
                  Ask about this project. Every message is saved, so you can come back to this chat
                  any time.
                </p>
              </>
            )}
          </div>
        ) : (
          <div ref={contentRef}>
            {/* Always there, the same height with or without the spinner: when older messages
                arrive, or the last of them, the messages below must not move. */}
            <PageEdge edgeRef={topSentinel} loading={loadingOlder} label="Loading older messages" />
            <ol className="mx-auto max-w-3xl space-y-5" aria-label="Messages" aria-live="polite">
              {messages.map((message, index) => (
                <MessageItem
                  key={message.id}
                  message={message}
                  streaming={message.id === streamingId}
                  newest={index === messages.length - 1 && !hasNewer}
                  openedAt={message.id === openedAt}
                  author={
                    authors && message.role === "user" ? authorLabel(message, viewer) : undefined
                  }
                />
              ))}
            </ol>
            {hasNewer && (
              <PageEdge
                edgeRef={bottomSentinel}
                loading={loadingNewer}
                label="Loading newer messages"
              />
            )}
            {footer && <div className="mx-auto mt-4 max-w-3xl">{footer}</div>}
          </div>
        )}
      </div>
      {(!isAtBottom || hasNewer) && messages.length > 0 && (
        <button
          type="button"
          onClick={async () => {
            if (hasNewer) await onShowNewest();
            scrollToBottom(hasNewer ? "instant" : "smooth");
          }}
          aria-label="Scroll to the latest message"
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full border border-border bg-card p-2 text-card-foreground shadow-md hover:bg-accent"
        >
          <ArrowDown className="h-4 w-4" />
        </button>
      )}
    </div>
  );
}

/** An end of the list where the next page loads when it scrolls into view, spinning meanwhile. */
function PageEdge({
  edgeRef,
  loading,
  label,
}: {
  edgeRef: RefObject<HTMLDivElement | null>;
  loading: boolean;
  label: string;
}) {
  return (
    <div ref={edgeRef} className="flex h-7 justify-center">
      {loading && (
        <Loader2 className="h-4 w-4 animate-spin text-muted-foreground" aria-label={label} />
      )}
    </div>
  );
}

function messageNode(scroller: HTMLElement | null, id: string): HTMLElement | null {
  return scroller?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`) ?? null;
}
