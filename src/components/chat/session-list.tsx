"use client";

import { Check, Loader2, LoaderCircle, Square, SquareCheck } from "lucide-react";
import { Tooltip } from "radix-ui";
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { ImportSourceBadge } from "@/components/imports/import-source-badge";
import { TagChips } from "@/components/tags/tag-chip";
import type { Tags } from "@/components/tags/use-tags";
import { Timestamp } from "@/components/ui/timestamp";
import { useWhenVisible } from "@/components/ui/use-when-visible";
import type { ChatSessionListItem } from "@/lib/contract/entities";
import { groupSessions } from "./session-groups";
import { SessionRowActions } from "./session-row-actions";
import { SessionSummaryTooltip } from "./session-summary-tooltip";
import { summaryDescription } from "./summary-wording";
import type { ChatSessions } from "./use-chat-sessions";

interface Props {
  sessions: ChatSessions;
  tags: Tags;
  currentId: string;
  renaming: string | null;
  onRename: (id: string | null) => void;
  onSelect: (id: string) => void;
  onDelete: (session: ChatSessionListItem) => void;
  onShare: (session: ChatSessionListItem) => void;
  onManageTags: () => void;
  onError: (message: string) => void;
  /** In select mode, the chosen sessions: a click toggles a row instead of opening it. */
  selected: Set<string> | null;
  onToggleSelected: (id: string) => void;
}

/** The sessions of the current view in their groups (Pinned, Today…), a page at a time. */
export function SessionList({
  sessions,
  tags,
  currentId,
  renaming,
  onRename,
  onSelect,
  onDelete,
  onShare,
  onManageTags,
  onError,
  selected,
  onToggleSelected,
}: Props) {
  // Loads the next page when the end of the list scrolls into view.
  const sentinel = useWhenVisible<HTMLDivElement>(
    sessions.hasMore && !sessions.loadingMore,
    sessions.loadMore,
  );
  const list = useRef<HTMLDivElement>(null);

  // A rename ended by Enter or Escape takes the focus away with its form: give it back to the
  // row. One ended by clicking elsewhere leaves the focus where the click put it.
  const wasRenaming = useRef(renaming);
  useEffect(() => {
    const id = wasRenaming.current;
    wasRenaming.current = renaming;
    if (!id || renaming || (document.activeElement && document.activeElement !== document.body))
      return;
    list.current
      ?.querySelector<HTMLElement>(`[data-session-id="${CSS.escape(id)}"] [data-session-item]`)
      ?.focus();
  }, [renaming]);

  // Arrow keys move between sessions, as in a menu.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const items = [
      ...event.currentTarget.querySelectorAll<HTMLButtonElement>("[data-session-item]"),
    ];
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      items[
        event.key === "ArrowDown" ? Math.min(index + 1, items.length - 1) : Math.max(index - 1, 0)
      ];
    next?.focus();
    event.preventDefault();
  }

  const groups = groupSessions(sessions.sessions, new Date());
  const empty = sessions.sessions.length === 0 && !sessions.hasMore;

  return (
    // Once one row's summary shows, the next row's shows at once (skipDelayDuration).
    <Tooltip.Provider delayDuration={500} skipDelayDuration={400}>
      {/* Padding inside the scroll box: a focused row's ring is drawn, not clipped. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the keys come from the rows' buttons */}
      <div
        ref={list}
        className="max-h-[min(26rem,60vh)] overflow-y-auto p-1"
        data-testid="session-list"
        aria-busy={sessions.loadingView}
        onKeyDown={onKeyDown}
      >
        {empty && (
          <p
            className="px-2 py-6 text-center text-sm text-muted-foreground"
            data-testid="no-sessions"
          >
            {sessions.view.archived
              ? "No archived chats."
              : sessions.view.tagIds.length > 0
                ? "No chat has these tags."
                : "No chats yet."}
          </p>
        )}
        {groups.map((group) => (
          <section key={group.label} aria-label={group.label} data-testid="session-group">
            <h3 className="px-2 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
              {group.label}
            </h3>
            <ul aria-label={group.label}>
              {group.sessions.map((session) => (
                <li
                  key={session.id}
                  className="group relative"
                  data-testid="session-item"
                  data-session-id={session.id}
                >
                  {renaming === session.id ? (
                    <RenameForm
                      session={session}
                      sessions={sessions}
                      onDone={() => onRename(null)}
                    />
                  ) : (
                    <>
                      <SessionRow
                        session={session}
                        current={session.id === currentId}
                        selected={selected ? selected.has(session.id) : null}
                        onClick={() =>
                          selected ? onToggleSelected(session.id) : onSelect(session.id)
                        }
                      />
                      {!selected && (
                        <div className="absolute top-1.5 right-1.5 flex gap-0.5 opacity-100 sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100 sm:has-[[data-state=open]]:opacity-100">
                          <SessionRowActions
                            session={session}
                            sessions={sessions}
                            tags={tags}
                            onRename={() => onRename(session.id)}
                            onDelete={() => onDelete(session)}
                            onShare={() => onShare(session)}
                            onManageTags={onManageTags}
                            onError={onError}
                          />
                        </div>
                      )}
                    </>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
        {sessions.hasMore && (
          <div ref={sentinel} className="flex justify-center py-2 text-xs text-muted-foreground">
            <Loader2 className="h-4 w-4 animate-spin" aria-label="Loading more chats" />
          </div>
        )}
      </div>
    </Tooltip.Provider>
  );
}

function SessionRow({
  session,
  current,
  selected,
  onClick,
}: {
  session: ChatSessionListItem;
  current: boolean;
  /** null outside select mode. */
  selected: boolean | null;
  onClick: () => void;
}) {
  const selecting = selected !== null;
  const descriptionId = useId();
  const description = summaryDescription(session);
  return (
    <>
      <SessionSummaryTooltip session={session}>
        <button
          type="button"
          data-session-item
          // In select mode a row is a checkbox; otherwise a button, the open chat's marked current.
          {...(selecting
            ? { role: "checkbox", "aria-checked": selected }
            : { "aria-current": current ? ("true" as const) : undefined })}
          // With a summary, its tooltip shows the whole name: a title would pop up over it.
          title={session.summary ? undefined : session.name}
          aria-describedby={description ? descriptionId : undefined}
          onClick={onClick}
          className={`flex w-full items-start gap-2 rounded-lg px-2 py-2 text-left hover:bg-accent focus-visible:bg-accent aria-[current]:bg-highlight ${selecting ? "" : "pr-28 sm:pr-2 sm:group-focus-within:pr-28 sm:group-hover:pr-28 sm:group-has-[[data-state=open]]:pr-28"}`}
        >
          <span className="mt-0.5 flex h-4 w-4 shrink-0 items-center justify-center">
            {selecting ? (
              selected ? (
                <SquareCheck className="h-4 w-4 text-link" aria-hidden="true" />
              ) : (
                <Square className="h-4 w-4 text-muted-foreground" aria-hidden="true" />
              )
            ) : (
              current && <Check className="h-4 w-4 text-link" />
            )}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block truncate text-sm" data-testid="session-name">
              {session.name}
            </span>
            <SummaryPreview session={session} />
            <span className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1">
              <Timestamp
                iso={session.updatedAt}
                className="text-xs text-muted-foreground"
                testId="session-time"
              />
              {session.importedFrom && <ImportSourceBadge source={session.importedFrom} />}
              <TagChips tags={session.tags} />
            </span>
          </span>
        </button>
      </SessionSummaryTooltip>
      {/* Outside the button, so its name stays the chat's name; hidden, as the describedby
          reference still reads it, and a reader browsing the list does not meet it twice. */}
      {description && (
        <span id={descriptionId} hidden>
          {description}
        </span>
      )}
    </>
  );
}

/**
 * The summary's first words under the name, on one line; "Summarizing…" while the first one is
 * being made. Hidden from screen readers, which hear the whole summary as the row's description.
 */
function SummaryPreview({ session }: { session: ChatSessionListItem }) {
  const running = session.summaryStatus === "running";
  if (!session.summary && !running) return null;
  return (
    <span
      aria-hidden="true"
      className="mt-0.5 flex items-center gap-1 text-xs leading-4 text-muted-foreground"
      data-testid="session-summary-preview"
    >
      {running && <LoaderCircle className="h-3 w-3 shrink-0 animate-spin" />}
      <span className="truncate">{session.summary ?? "Summarizing…"}</span>
    </span>
  );
}

function RenameForm({
  session,
  sessions,
  onDone,
}: {
  session: ChatSessionListItem;
  sessions: ChatSessions;
  onDone: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (!name || name === session.name) return onDone();
    try {
      await sessions.rename(session.id, name);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <form onSubmit={onSubmit} className="px-2 py-1.5">
      <input
        name="name"
        defaultValue={session.name}
        maxLength={200}
        aria-label="Chat name"
        // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this item
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          e.stopPropagation();
          onDone();
        }}
        onBlur={(e) => e.currentTarget.form?.requestSubmit()}
        className="w-full rounded-md border border-ring bg-background px-2 py-1 text-sm outline-none ring-2 ring-ring/30"
      />
      {error && (
        <p role="alert" className="mt-1 text-xs text-error-foreground">
          {error}
        </p>
      )}
    </form>
  );
}
