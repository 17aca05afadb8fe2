"use client";

import { ArrowDown, Loader2, MessagesSquare } from "lucide-react";
import { type ReactNode, useLayoutEffect, useRef, useState } from "react";
import { useWhenVisible } from "@/components/ui/use-when-visible";
import { MessageItem } from "./message-item";
import type { CraftUIMessage } from "./ui-messages";

interface Props {
  messages: CraftUIMessage[];
  streamingId: string | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  /** Shown after the last message (an error with its retry button). */
  footer?: ReactNode;
}

const NEAR_BOTTOM_PX = 80;

/**
 * The conversation. Follows new text while the reader is at the bottom and stops when they
 * scroll up; reaching the top loads older messages without moving what is on screen.
 */
export function MessageList({
  messages,
  streamingId,
  hasOlder,
  loadingOlder,
  onLoadOlder,
  footer,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useWhenVisible<HTMLDivElement>(hasOlder, onLoadOlder);
  const [atBottom, setAtBottom] = useState(true);
  const stick = useRef(true);
  const previous = useRef({ firstId: messages[0]?.id, height: 0 });

  // Older messages were put on top: keep the same messages under the reader's eyes.
  useLayoutEffect(() => {
    const node = scroller.current;
    if (!node) return;
    const firstId = messages[0]?.id;
    if (previous.current.firstId !== firstId && previous.current.height > 0 && !stick.current) {
      node.scrollTop += node.scrollHeight - previous.current.height;
    } else if (stick.current) {
      node.scrollTop = node.scrollHeight;
    }
    previous.current = { firstId, height: node.scrollHeight };
  });

  function onScroll() {
    const node = scroller.current;
    if (!node) return;
    const near = node.scrollHeight - node.scrollTop - node.clientHeight < NEAR_BOTTOM_PX;
    stick.current = near;
    setAtBottom(near);
  }

  function jumpToBottom() {
    const node = scroller.current;
    if (!node) return;
    stick.current = true;
    node.scrollTo({ top: node.scrollHeight, behavior: "smooth" });
  }

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={onScroll}
        className="h-full overflow-y-auto px-4 py-4"
        data-testid="message-scroller"
      >
        {hasOlder && (
          <div ref={topSentinel} className="flex justify-center pb-3">
            {loadingOlder && (
              <Loader2
                className="h-4 w-4 animate-spin text-muted-foreground"
                aria-label="Loading older messages"
              />
            )}
          </div>
        )}
        {messages.length === 0 ? (
          <div
            className="flex h-full flex-col items-center justify-center gap-2 text-center text-muted-foreground"
            data-testid="empty-chat"
          >
            <MessagesSquare className="h-9 w-9 text-muted-foreground/50" />
            <p className="font-medium text-foreground">Start the conversation</p>
            <p className="max-w-xs text-sm">
              Ask about this project. Every message is saved, so you can come back to this chat any
              time.
            </p>
          </div>
        ) : (
          <ol className="mx-auto max-w-3xl space-y-5" aria-label="Messages" aria-live="polite">
            {messages.map((message) => (
              <MessageItem
                key={message.id}
                message={message}
                streaming={message.id === streamingId}
              />
            ))}
          </ol>
        )}
        {footer && <div className="mx-auto mt-4 max-w-3xl">{footer}</div>}
      </div>
      {!atBottom && messages.length > 0 && (
        <button
          type="button"
          onClick={jumpToBottom}
          aria-label="Scroll to the latest message"
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full border border-border bg-card p-2 text-card-foreground shadow-md hover:bg-accent"
        >
          <ArrowDown className="h-4 w-4" />
        </button>
      )}
    </div>
  );
}
