"use client";

import { Tooltip } from "radix-ui";
import type { FocusEvent, ReactElement } from "react";
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
  if (!session.summary) return children;
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild onFocus={keyboardFocusOnly}>
        {children}
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content
          side="right"
          align="start"
          sideOffset={10}
          collisionPadding={12}
          className="z-50 w-80 max-w-[calc(100vw-1.5rem)] rounded-lg border border-border bg-popover p-3 text-popover-foreground shadow-lg"
          data-testid="session-summary-card"
        >
          {/* The row may cut its name short: here it is whole. */}
          <p className="mb-1.5 text-sm font-medium break-words">{session.name}</p>
          <SummaryText session={session} />
          <SummaryCoverage session={session} className="mt-2.5" />
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

/**
 * The list focuses the open chat's row as it opens: after a click on the switcher that focus
 * is not the keyboard's, and a card popping up unasked would only be in the way.
 */
function keyboardFocusOnly(event: FocusEvent<HTMLElement>) {
  if (!event.currentTarget.matches(":focus-visible")) event.preventDefault();
}
