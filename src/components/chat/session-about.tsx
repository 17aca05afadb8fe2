"use client";

import { CircleAlert, Info, LoaderCircle, RefreshCw, Sparkles } from "lucide-react";
import { Popover } from "radix-ui";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ChatSessionListItem } from "@/lib/contract/entities";
import { SummaryCoverage, SummaryText } from "./session-summary";

interface Props {
  session: ChatSessionListItem;
  /** Asks for a fresh summary: the list's own `summarize`, which shows "running" at once. */
  onSummarize: () => Promise<unknown>;
}

/**
 * The chat header's "About this chat": the AI's summary of the chat and its key points, how
 * much of the chat it covers, whether one is being made or the last attempt failed, and
 * "Summarize now".
 */
export function SessionAbout({ session, onSummarize }: Props) {
  const titleId = useId();
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <Button
          variant="ghost"
          size="icon"
          aria-label="About this chat"
          title="About this chat"
          data-testid="about-chat"
        >
          <Info className="h-4 w-4" aria-hidden="true" />
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={6}
          collisionPadding={12}
          aria-labelledby={titleId}
          // The panel itself takes the focus, so a screen reader starts at its title, and Enter
          // does not summarize by accident. Tab goes on to the button.
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            (event.currentTarget as HTMLElement).focus();
          }}
          // A long summary scrolls within the screen's height.
          className="z-30 max-h-[var(--radix-popover-content-available-height)] w-[min(24rem,calc(100vw-1.5rem))] overflow-y-auto rounded-xl border border-border bg-popover p-4 text-popover-foreground shadow-lg outline-none"
          data-testid="about-chat-panel"
        >
          <h2 id={titleId} className="text-sm font-semibold">
            About this chat
          </h2>
          <SummaryPanel session={session} onSummarize={onSummarize} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

function SummaryPanel({ session, onSummarize }: Props) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Running from the click on, not only once the answer says so: the answer can take a moment.
  const running = session.summaryStatus === "running" || asking;
  const failed = session.summaryStatus === "failed" && !asking;

  async function summarize() {
    if (running) return;
    setAsking(true);
    setError(null);
    try {
      await onSummarize();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setAsking(false);
    }
  }

  return (
    <div className="mt-3 space-y-3">
      {session.summary ? (
        <>
          <SummaryText session={session} />
          <SummaryCoverage session={session} />
        </>
      ) : (
        !running && (
          <p className="text-sm text-muted-foreground" data-testid="summary-empty">
            No summary yet. Craft summarizes a chat by itself once it has a few messages, or you can
            ask for one now.
          </p>
        )
      )}
      {/* Always there while the panel is open, so a screen reader hears it change. */}
      <div aria-live="polite" data-testid="summary-status">
        {running ? (
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <LoaderCircle className="h-4 w-4 shrink-0 animate-spin" aria-hidden="true" />
            Summarizing…
          </p>
        ) : (
          failed && (
            <p className="flex items-start gap-2 text-sm text-error-foreground">
              <CircleAlert className="mt-0.5 h-4 w-4 shrink-0" aria-hidden="true" />
              <span>
                Could not summarize this chat
                {session.summaryError ? `: ${session.summaryError}` : "."}
              </span>
            </p>
          )
        )}
      </div>
      {error && (
        <p role="alert" className="text-sm text-error-foreground">
          {error}
        </p>
      )}
      <div className="flex justify-end">
        <Button
          variant="secondary"
          size="sm"
          // aria-disabled, not disabled: a disabled button would drop the keyboard's focus.
          aria-disabled={running}
          onClick={summarize}
          className="aria-disabled:cursor-not-allowed aria-disabled:opacity-60 aria-disabled:hover:bg-card"
          data-testid="summarize-now"
        >
          {failed ? (
            <RefreshCw className="h-3.5 w-3.5" aria-hidden="true" />
          ) : (
            <Sparkles className="h-3.5 w-3.5" aria-hidden="true" />
          )}
          {failed ? "Try again" : "Summarize now"}
        </Button>
      </div>
    </div>
  );
}
