"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";

interface Props {
  /** Every version at this point, oldest first; the shown one among them. */
  siblingIds: string[];
  shownId: string;
  disabled: boolean;
  onSwitch: (id: string) => void;
}

/** "‹ 2 / 3 ›": the versions of a message (its edits, or regenerated replies). */
export function VersionSwitcher({ siblingIds, shownId, disabled, onSwitch }: Props) {
  const index = siblingIds.indexOf(shownId);
  if (siblingIds.length < 2 || index < 0) return null;
  const previous = siblingIds[index - 1];
  const next = siblingIds[index + 1];
  const button =
    "flex h-7 w-7 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-accent-foreground disabled:opacity-40 disabled:hover:bg-transparent";
  return (
    <fieldset
      className="m-0 flex min-w-0 items-center border-0 p-0 text-xs text-muted-foreground"
      data-testid="version-switcher"
    >
      <legend className="sr-only">Versions</legend>
      <button
        type="button"
        className={button}
        disabled={disabled || !previous}
        onClick={() => previous && onSwitch(previous)}
        aria-label="Previous version"
        data-testid="previous-version"
      >
        <ChevronLeft className="h-4 w-4" />
      </button>
      <span className="min-w-9 text-center tabular-nums" data-testid="version-label">
        <span aria-hidden="true">
          {index + 1} / {siblingIds.length}
        </span>
        <span className="sr-only">
          Version {index + 1} of {siblingIds.length}
        </span>
      </span>
      <button
        type="button"
        className={button}
        disabled={disabled || !next}
        onClick={() => next && onSwitch(next)}
        aria-label="Next version"
        data-testid="next-version"
      >
        <ChevronRight className="h-4 w-4" />
      </button>
    </fieldset>
  );
}
