"use client";

import { ArrowUp, Square } from "lucide-react";
import { type FormEvent, type KeyboardEvent, type RefObject, useEffect, useState } from "react";

interface Props {
  busy: boolean;
  autoFocus?: boolean;
  /** Text the box starts with (a template's first message), not sent until the user sends it. */
  initialText?: string;
  onSend: (text: string) => void;
  onStop: () => void;
  /** Up arrow in an empty box: edit the last question sent. */
  onEditLast: () => void;
  /** The text box, for whoever must put the cursor back in it. */
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** Whether Up edits the last question (not for a shared session's collaborator). */
  canEditLast?: boolean;
  placeholder?: string;
}

/**
 * Enter sends, Shift+Enter starts a new line, Up in an empty box edits the last question; while
 * a reply streams the button stops it.
 */
export function Composer({
  busy,
  autoFocus = false,
  initialText = "",
  onSend,
  onStop,
  onEditLast,
  inputRef,
  canEditLast = true,
  placeholder = "Ask about this project…",
}: Props) {
  const [text, setText] = useState(initialText);
  const area = inputRef;
  useEffect(() => {
    if (!autoFocus) return;
    area.current?.focus();
    // A template's "[placeholder]" is selected, ready to be typed over.
    const placeholder = /\[[^\]\n]*\]/.exec(area.current?.value ?? "");
    if (placeholder)
      area.current?.setSelectionRange(placeholder.index, placeholder.index + placeholder[0].length);
  }, [autoFocus, area]);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy || !text.trim()) return;
    onSend(text);
    setText("");
    area.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
    const plain = !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
    if (event.key === "ArrowUp" && plain && text === "" && canEditLast) {
      event.preventDefault();
      onEditLast();
    }
  }

  return (
    <form onSubmit={submit} className="border-t border-border p-3">
      <div className="mx-auto flex max-w-3xl items-end gap-2 rounded-2xl border border-input bg-card p-2 focus-within:border-ring focus-within:ring-2 focus-within:ring-ring/30">
        <textarea
          ref={area}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          rows={1}
          placeholder={placeholder}
          aria-label="Message"
          data-testid="composer-input"
          className="max-h-48 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 text-sm outline-none [field-sizing:content]"
        />
        {busy ? (
          <button
            type="button"
            onClick={onStop}
            aria-label="Stop the reply"
            data-testid="stop"
            className="flex h-9 w-9 shrink-0 items-center justify-center rounded-xl bg-foreground text-background hover:bg-foreground/80"
          >
            <Square className="h-3.5 w-3.5 fill-current" />
          </button>
        ) : (
          <button
            type="submit"
            disabled={!text.trim()}
            aria-label="Send"
            data-testid="send"
            className="flex h-9 w-9 shrink-0 items-center justify-center rounded-xl bg-primary text-primary-foreground hover:bg-primary/90 disabled:opacity-40"
          >
            <ArrowUp className="h-4 w-4" />
          </button>
        )}
      </div>
      <p className="mx-auto mt-1.5 hidden max-w-3xl px-1 text-xs text-muted-foreground sm:block">
        Enter to send, Shift+Enter for a new line{canEditLast && ", ↑ to edit your last message"}
      </p>
    </form>
  );
}
