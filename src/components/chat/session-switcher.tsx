"use client";

import { ArchiveRestore, ChevronDown, Share2 } from "lucide-react";
import { Popover } from "radix-ui";
import { type ReactNode, useRef, useState } from "react";
import { ImportSourceBadge } from "@/components/imports/import-source-badge";
import { useOpenSearch } from "@/components/search/search-provider";
import { ShareDialog } from "@/components/sharing/share-dialog";
import { ManageTagsDialog } from "@/components/tags/manage-tags-dialog";
import { TagChips } from "@/components/tags/tag-chip";
import type { Tags } from "@/components/tags/use-tags";
import { NewChatButton } from "@/components/templates/new-chat-button";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ChatSessionListItem, SessionTemplate } from "@/lib/contract/entities";
import { SessionAbout } from "./session-about";
import { BulkBar } from "./session-bulk-bar";
import { SessionExportMenu } from "./session-export-menu";
import { SessionList } from "./session-list";
import { SessionListToolbar } from "./session-list-toolbar";
import { SessionTagsButton } from "./session-tags-button";
import type { ChatSessions } from "./use-chat-sessions";

interface Props {
  sessions: ChatSessions;
  tags: Tags;
  currentId: string;
  currentName: string;
  /** The current session as last seen (null when it is not found). */
  current: ChatSessionListItem | null;
  onSelect: (id: string) => void;
  onCreate: () => void;
  onCreateFrom: (template: SessionTemplate) => void;
  onDeleted: (id: string, remaining: ChatSessionListItem[]) => void;
  creating: boolean;
  /** Beside the name: the current session's template and instructions. */
  sessionInfo?: ReactNode;
}

/**
 * The chat header: the current session's name, tags and summary ("About this chat"), the list
 * of sessions (grouped, filtered by tags, archived apart, several at once in select mode), and
 * "New Chat".
 */
export function SessionSwitcher({
  sessions,
  tags,
  currentId,
  currentName,
  current,
  onSelect,
  onCreate,
  onCreateFrom,
  onDeleted,
  creating,
  sessionInfo,
}: Props) {
  const [open, setOpen] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ChatSessionListItem | null>(null);
  const [sharing, setSharing] = useState<ChatSessionListItem | null>(null);
  const [managingTags, setManagingTags] = useState(false);
  const [selected, setSelected] = useState<Set<string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  // The share dialog gives the focus back to the button that opened it, or to the switcher.
  const shareButton = useRef<HTMLButtonElement>(null);
  const sharedFromHeader = useRef(false);
  const openSearch = useOpenSearch();

  // The tags dialog takes the place of the list (closing it, so it does not close by itself
  // half-way when the dialog takes the focus); the focus comes back to the switcher.
  function manageTags() {
    setOpen(false);
    setManagingTags(true);
  }

  function toggleSelected(id: string) {
    setSelected((set) => {
      const next = new Set(set);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  async function confirmDelete() {
    if (!deleting) return;
    const remaining = await sessions.remove(deleting.id);
    onDeleted(deleting.id, remaining);
    setDeleting(null);
  }

  return (
    <div className="flex items-center gap-2 border-b border-border px-3 py-2">
      <Popover.Root
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) {
            setSelected(null);
            setError(null);
          }
        }}
      >
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
            aria-label="Chats"
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
            className="z-30 w-[min(24rem,calc(100vw-1.5rem))] rounded-xl border border-border bg-popover p-1.5 text-popover-foreground shadow-lg"
          >
            <SessionListToolbar
              sessions={sessions}
              tags={tags}
              selecting={selected !== null}
              onSelecting={(on) => setSelected(on ? new Set() : null)}
              onManageTags={manageTags}
              onSearch={
                openSearch &&
                (() => {
                  setOpen(false);
                  openSearch();
                })
              }
            />
            {error && (
              <p role="alert" className="px-2 py-1 text-xs text-error-foreground">
                {error}
              </p>
            )}
            <SessionList
              sessions={sessions}
              tags={tags}
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
              onShare={(session) => {
                setOpen(false);
                sharedFromHeader.current = false;
                setSharing(session);
              }}
              onManageTags={manageTags}
              onError={setError}
              selected={selected}
              onToggleSelected={toggleSelected}
            />
            {selected && (
              <BulkBar
                sessions={sessions}
                tags={tags}
                selected={selected}
                onDone={() => setSelected(null)}
                onDeleted={(ids) => {
                  setSelected(null);
                  if (ids.includes(currentId)) {
                    setOpen(false);
                    onDeleted(
                      currentId,
                      sessions.sessions.filter((s) => !ids.includes(s.id)),
                    );
                  }
                }}
                onError={setError}
              />
            )}
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      {current && (
        // On a phone it holds only buttons (the chips are hidden): it must not shrink under them.
        <div className="flex min-w-0 shrink-0 items-center gap-1 sm:shrink">
          {current.importedFrom && (
            // Hidden on a phone with the tags: there the chat's name needs the room.
            <ImportSourceBadge source={current.importedFrom} className="hidden sm:inline-flex" />
          )}
          <TagChips tags={current.tags} className="hidden flex-nowrap overflow-hidden sm:flex" />
          {current.archived && (
            <Button
              variant="ghost"
              size="sm"
              onClick={() => sessions.update(current.id, { archived: false }).catch(() => {})}
              aria-label="This chat is archived: restore it"
              title="This chat is archived: restore it"
              data-testid="restore-current"
            >
              <ArchiveRestore className="h-4 w-4" aria-hidden="true" />
              <span className="hidden sm:inline">Archived · Restore</span>
            </Button>
          )}
          <SessionTagsButton
            session={current}
            sessions={sessions}
            tags={tags}
            onManageTags={manageTags}
          />
        </div>
      )}
      {/* Beside the shrinking group, not in it: its icon must not slide under the next button. */}
      {current && (
        <SessionAbout session={current} onSummarize={() => sessions.summarize(current.id)} />
      )}
      {current && <SessionExportMenu sessionId={current.id} />}
      {current && (
        <Button
          variant="ghost"
          size="icon"
          ref={shareButton}
          // On a phone the header is full: the chat's menu has "Share…".
          className="hidden sm:inline-flex"
          onClick={() => {
            sharedFromHeader.current = true;
            setSharing(current);
          }}
          aria-label="Share this chat"
          title="Share this chat"
          data-testid="share-current"
        >
          <Share2 className="h-4 w-4" />
        </Button>
      )}
      {sessionInfo}
      <div className="flex-1" />
      <NewChatButton creating={creating} onCreate={onCreate} onCreateFrom={onCreateFrom} />
      {sharing && (
        <ShareDialog
          open
          onOpenChange={(next) => {
            if (!next) setSharing(null);
          }}
          chatSessionId={sharing.id}
          sessionName={sharing.name}
          returnFocusTo={() => (sharedFromHeader.current ? shareButton : trigger).current}
        />
      )}
      <ManageTagsDialog
        open={managingTags}
        onOpenChange={setManagingTags}
        tags={tags}
        returnFocusTo={() => trigger.current}
      />
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
