"use client";

import { LoaderCircle } from "lucide-react";
import { Tooltip } from "radix-ui";
import { type FocusEvent, type ReactElement, useRef, useState } from "react";
import type { ChatSessionListItem } from "@/lib/contract/entities";
import { SummaryCoverage, SummaryText } from "./session-summary";

/**
 * A row's whole summary beside it, while the pointer rests on the row or the keyboard's focus is
 * on it (touch has the row's preview line and the chat's About panel instead). The text is
 * not interactive, so a tooltip it is: Escape puts it away and the focus stays on the row.
 */
export function SessionSummaryTooltip({
  session,
  children,
}: {
  session: ChatSessionListItem;
  children: ReactElement;
}) {
  const trigger = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [side, setSide] = useState<"right" | "bottom">("right");
  // Wrapped with or without a summary: a summary arriving must not remount the row's button
  // (and take the focus away from it); without one, the tooltip only never opens.
  const summarized = Boolean(session.summary);
  return (
    <Tooltip.Root
      open={open && summarized}
      onOpenChange={(next) => {
        // Beside the list where there is room, below the row where there is not (a phone, a
        // narrow window): the card would otherwise hang off the screen's edge.
        if (next) setSide(fitsRightOf(trigger.current) ? "right" : "bottom");
        setOpen(next);
      }}
    >
      <Tooltip.Trigger asChild onFocus={keyboardFocusOnly} ref={trigger}>
        {children}
      </Tooltip.Trigger>
      {summarized && (
        <Tooltip.Portal>
          <Tooltip.Content
            side={side}
            align="start"
            sideOffset={10}
            collisionPadding={12}
            // Never taller than the screen: the About panel, which scrolls, has all of a long one.
            className="z-50 max-h-[var(--radix-tooltip-content-available-height)] w-80 max-w-[calc(100vw-1.5rem)] overflow-hidden rounded-lg border border-border bg-popover p-3 text-popover-foreground shadow-lg"
            // What the open tooltip adds to the row's description, which holds the summary
            // already: the name, whole. (Without it, Radix would copy the card for readers.)
            aria-label={session.name}
            data-testid="session-summary-card"
          >
            {/* The row may cut its name short: here it is whole. */}
            <p className="mb-1.5 text-sm font-medium break-words">{session.name}</p>
            <SummaryText session={session} />
            <SummaryCoverage session={session} className="mt-2.5" />
            {session.summaryStatus === "running" && (
              <p className="mt-1 flex items-center gap-1 text-xs text-muted-foreground">
                <LoaderCircle className="h-3 w-3 shrink-0 animate-spin" aria-hidden="true" />
                Updating the summary…
              </p>
            )}
          </Tooltip.Content>
        </Tooltip.Portal>
      )}
    </Tooltip.Root>
  );
}

/** The card's width (w-80) and the collision padding on each side. */
const CARD_ROOM = 320 + 2 * 12;

function fitsRightOf(element: HTMLElement | null): boolean {
  return !!element && element.getBoundingClientRect().right + CARD_ROOM <= window.innerWidth;
}

/**
 * The list focuses the open chat's row as it opens: after a click on the switcher that focus
 * is not the keyboard's, and a card popping up unasked would only be in the way.
 */
function keyboardFocusOnly(event: FocusEvent<HTMLElement>) {
  if (!event.currentTarget.matches(":focus-visible")) event.preventDefault();
}
