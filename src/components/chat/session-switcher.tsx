"use client";

import { Check, ChevronDown, Loader2, Pencil, Search, Trash2 } from "lucide-react";
import { Popover } from "radix-ui";
import {
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useRef,
  useState,
} from "react";
import { useOpenSearch } from "@/components/search/search-provider";
import { NewChatButton } from "@/components/templates/new-chat-button";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Timestamp } from "@/components/ui/timestamp";
import { useWhenVisible } from "@/components/ui/use-when-visible";
import type { ChatSessionSummary, SessionTemplate } from "@/lib/contract/entities";
import type { ChatSessions } from "./use-chat-sessions";

interface Props {
  sessions: ChatSessions;
  currentId: string;
  currentName: string;
  onSelect: (id: string) => void;
  onCreate: () => void;
  onCreateFrom: (template: SessionTemplate) => void;
  onDeleted: (id: string, remaining: ChatSessionSummary[]) => void;
  creating: boolean;
  /** Beside the name: the current session's template and instructions. */
  sessionInfo?: ReactNode;
}

/** The chat header: the current session's name, a list of every session, and "New Chat". */
export function SessionSwitcher({
  sessions,
  currentId,
  currentName,
  onSelect,
  onCreate,
  onCreateFrom,
  onDeleted,
  creating,
  sessionInfo,
}: Props) {
  const [open, setOpen] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ChatSessionSummary | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const openSearch = useOpenSearch();

  async function confirmDelete() {
    if (!deleting) return;
    const remaining = await sessions.remove(deleting.id);
    onDeleted(deleting.id, remaining);
    setDeleting(null);
  }

  return (
    <div className="flex items-center gap-2 border-b border-border px-3 py-2">
      <Popover.Root open={open} onOpenChange={setOpen}>
        <Popover.Trigger asChild>
          <button
            ref={trigger}
            type="button"
            data-testid="session-switcher"
            className="flex min-w-0 items-center gap-1.5 rounded-md px-2 py-1.5 text-left text-sm font-medium hover:bg-accent data-[state=open]:bg-accent"
            aria-label={`Chat sessions. Current: ${currentName}`}
          >
            <span className="truncate" data-testid="current-session-name" title={currentName}>
              {currentName}
            </span>
            <ChevronDown className="h-4 w-4 shrink-0 text-muted-foreground" />
          </button>
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content
            align="start"
            sideOffset={6}
            // Focus starts on the chat you are in, not on the first of the list.
            onOpenAutoFocus={(event) => {
              const active = event.currentTarget as HTMLElement;
              const current = active.querySelector<HTMLElement>(
                "[data-session-item][aria-current]",
              );
              if (!current) return;
              event.preventDefault();
              current.focus();
            }}
            className="z-30 w-[min(22rem,calc(100vw-1.5rem))] rounded-xl border border-border bg-popover p-1.5 text-popover-foreground shadow-lg"
          >
            <div className="flex items-center justify-between px-2 py-1.5">
              <span className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">
                Chats
              </span>
              {openSearch && (
                <button
                  type="button"
                  onClick={() => {
                    setOpen(false);
                    openSearch();
                  }}
                  className="flex items-center gap-1.5 rounded-md px-2 py-1 text-xs text-muted-foreground hover:bg-accent hover:text-accent-foreground"
                  data-testid="switcher-search"
                >
                  <Search className="h-3.5 w-3.5" aria-hidden="true" />
                  Search messages
                </button>
              )}
            </div>
            <SessionList
              sessions={sessions}
              currentId={currentId}
              renaming={renaming}
              onRename={setRenaming}
              onSelect={(id) => {
                setOpen(false);
                if (id !== currentId) onSelect(id);
              }}
              onDelete={(session) => {
                setOpen(false);
                setDeleting(session);
              }}
            />
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      {sessionInfo}
      <div className="flex-1" />
      <NewChatButton creating={creating} onCreate={onCreate} onCreateFrom={onCreateFrom} />
      <ConfirmDialog
        open={deleting !== null}
        onCancel={() => setDeleting(null)}
        title="Delete this chat?"
        description={`"${deleting?.name ?? ""}" and all of its messages will be deleted. This cannot be undone.`}
        confirmLabel="Delete chat"
        onConfirm={confirmDelete}
        confirmTestId="confirm-delete-session"
        // The row that opened it closed with the list: the focus goes back to the switcher.
        returnFocusTo={() => trigger.current}
      />
    </div>
  );
}

interface ListProps {
  sessions: ChatSessions;
  currentId: string;
  renaming: string | null;
  onRename: (id: string | null) => void;
  onSelect: (id: string) => void;
  onDelete: (session: ChatSessionSummary) => void;
}

function SessionList({ sessions, currentId, renaming, onRename, onSelect, onDelete }: ListProps) {
  // Loads the next page when the end of the list scrolls into view.
  const sentinel = useWhenVisible<HTMLLIElement>(
    sessions.hasMore && !sessions.loadingMore,
    sessions.loadMore,
  );
  const list = useRef<HTMLUListElement>(null);

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
  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
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

  return (
    // Padding inside the scroll box: a focused row's ring is drawn, not clipped.
    <ul
      ref={list}
      className="max-h-80 overflow-y-auto p-1"
      aria-label="Chat sessions"
      data-testid="session-list"
      onKeyDown={onKeyDown}
    >
      {sessions.sessions.map((session) => (
        <li
          key={session.id}
          className="group relative"
          data-testid="session-item"
          data-session-id={session.id}
        >
          {renaming === session.id ? (
            <RenameForm session={session} sessions={sessions} onDone={() => onRename(null)} />
          ) : (
            <>
              <button
                type="button"
                data-session-item
                aria-current={session.id === currentId ? "true" : undefined}
                title={session.name}
                onClick={() => onSelect(session.id)}
                className="flex w-full items-center gap-2 rounded-lg px-2 py-2 pr-16 text-left hover:bg-accent focus-visible:bg-accent aria-[current]:bg-highlight"
              >
                <span className="flex h-4 w-4 shrink-0 items-center justify-center">
                  {session.id === currentId && <Check className="h-4 w-4 text-link" />}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-sm" data-testid="session-name">
                    {session.name}
                  </span>
                  <Timestamp
                    iso={session.updatedAt}
                    className="block text-xs text-muted-foreground"
                    testId="session-time"
                  />
                </span>
              </button>
              <div className="absolute top-1/2 right-1.5 flex -translate-y-1/2 gap-0.5 opacity-100 sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100">
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Rename ${session.name}`}
                  onClick={() => onRename(session.id)}
                >
                  <Pencil className="h-3.5 w-3.5" />
                </Button>
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Delete ${session.name}`}
                  className="hover:text-error-foreground"
                  onClick={() => onDelete(session)}
                >
                  <Trash2 className="h-3.5 w-3.5" />
                </Button>
              </div>
            </>
          )}
        </li>
      ))}
      {sessions.hasMore && (
        <li ref={sentinel} className="flex justify-center py-2 text-xs text-muted-foreground">
          <Loader2 className="h-4 w-4 animate-spin" aria-label="Loading more chats" />
        </li>
      )}
    </ul>
  );
}

function RenameForm({
  session,
  sessions,
  onDone,
}: {
  session: ChatSessionSummary;
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
