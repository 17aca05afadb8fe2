"use client";

import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

interface Props {
  initialText: string;
  /** What saving does, said on its button: "Send" (a new question) or "Save" (a fixed reply). */
  submitLabel: string;
  /** Explains what saving does, under the box. */
  hint: string;
  onSubmit: (text: string) => Promise<void> | void;
  onCancel: () => void;
}

/** A message's text in a box to change it: Enter saves, Shift+Enter a new line, Escape cancels. */
export function MessageEditor({ initialText, submitLabel, hint, onSubmit, onCancel }: Props) {
  const [text, setText] = useState(initialText);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  useEffect(() => {
    const node = area.current;
    if (!node) return;
    node.focus();
    node.setSelectionRange(node.value.length, node.value.length);
  }, []);

  const unchanged = text.trim() === "" || text === initialText;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (unchanged || pending) return;
    setPending(true);
    setError(null);
    try {
      await onSubmit(text);
    } catch (e) {
      setError((e as Error).message);
      setPending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      void submit(event);
    }
  }

  return (
    <form onSubmit={submit} className="w-full space-y-2" data-testid="message-editor">
      <textarea
        ref={area}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-label="Message text"
        aria-describedby={hintId}
        data-testid="message-editor-input"
        className="max-h-96 min-h-20 w-full resize-y rounded-xl border border-input bg-card px-3 py-2 text-sm text-card-foreground outline-none [field-sizing:content] focus:border-ring focus:ring-2 focus:ring-ring/30"
      />
      {error && (
        <p role="alert" className="text-sm text-error-foreground">
          {error}
        </p>
      )}
      <div className="flex flex-wrap items-center justify-end gap-2">
        <p id={hintId} className="mr-auto text-xs text-muted-foreground">
          {hint}
        </p>
        <Button variant="secondary" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          type="submit"
          size="sm"
          disabled={unchanged || pending}
          data-testid="message-editor-submit"
        >
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
