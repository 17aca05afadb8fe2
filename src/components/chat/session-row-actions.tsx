"use client";

import {
  Archive,
  ArchiveRestore,
  MoreHorizontal,
  Pencil,
  Pin,
  PinOff,
  Share2,
  Sparkles,
  Trash2,
} from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { useRef } from "react";
import type { Tags } from "@/components/tags/use-tags";
import { Button } from "@/components/ui/button";
import type { ChatSessionListItem } from "@/lib/contract/entities";
import { SessionExportItems } from "./session-export-items";
import { SessionTagsButton } from "./session-tags-button";
import type { ChatSessions } from "./use-chat-sessions";

interface Props {
  session: ChatSessionListItem;
  sessions: ChatSessions;
  tags: Tags;
  onRename: () => void;
  onDelete: () => void;
  onShare: () => void;
  onManageTags: () => void;
  onError: (message: string) => void;
}

const menuItem =
  "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent data-[disabled]:cursor-not-allowed data-[disabled]:text-muted-foreground";

/**
 * A row's buttons: its tags, its pin, and a menu for the rest (rename, share, summarize,
 * export, archive, delete).
 */
export function SessionRowActions({
  session,
  sessions,
  tags,
  onRename,
  onDelete,
  onShare,
  onManageTags,
  onError,
}: Props) {
  const change = (changes: Parameters<ChatSessions["update"]>[1]) =>
    sessions.update(session.id, changes).catch((e: Error) => onError(e.message));
  // Rename and Delete take the focus elsewhere (the name's field, a dialog): the menu must not
  // pull it back to its button as it closes.
  const focusMovesOn = useRef(false);

  return (
    <>
      <SessionTagsButton
        session={session}
        sessions={sessions}
        tags={tags}
        onManageTags={onManageTags}
        compact
      />
      {!session.archived && (
        <Button
          variant="ghost"
          size="icon"
          aria-label={session.pinned ? `Unpin ${session.name}` : `Pin ${session.name}`}
          aria-pressed={session.pinned}
          onClick={() => change({ pinned: !session.pinned })}
          data-testid="pin-session"
        >
          {session.pinned ? <PinOff className="h-3.5 w-3.5" /> : <Pin className="h-3.5 w-3.5" />}
        </Button>
      )}
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <Button variant="ghost" size="icon" aria-label={`More for ${session.name}`}>
            <MoreHorizontal className="h-3.5 w-3.5" />
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-50 min-w-40 rounded-lg border border-border bg-popover p-1 text-popover-foreground shadow-lg"
            // Arrow keys here move through this menu, not through the list behind it.
            onKeyDown={(e) => e.stopPropagation()}
            onCloseAutoFocus={(e) => {
              if (focusMovesOn.current) e.preventDefault();
              focusMovesOn.current = false;
            }}
          >
            <DropdownMenu.Item
              className={menuItem}
              onSelect={() => {
                focusMovesOn.current = true;
                onRename();
              }}
            >
              <Pencil className="h-3.5 w-3.5" aria-hidden="true" /> Rename
            </DropdownMenu.Item>
            <DropdownMenu.Item
              className={menuItem}
              onSelect={() => {
                focusMovesOn.current = true;
                onShare();
              }}
              data-testid="share-session"
            >
              <Share2 className="h-3.5 w-3.5" aria-hidden="true" /> Share…
            </DropdownMenu.Item>
            {/* An empty chat has nothing to summarize. The summary itself arrives later, as a
                live event; the list shows "Summarizing…" meanwhile. */}
            {session.messageCount > 0 && (
              <DropdownMenu.Item
                className={menuItem}
                disabled={session.summaryStatus === "running"}
                onSelect={() => {
                  sessions.summarize(session.id).catch((e: Error) => onError(e.message));
                }}
                data-testid="summarize-session"
              >
                <Sparkles className="h-3.5 w-3.5" aria-hidden="true" /> Summarize now
              </DropdownMenu.Item>
            )}
            <SessionExportItems sessionId={session.id} className={menuItem} />
            <DropdownMenu.Separator className="my-1 h-px bg-border" />
            <DropdownMenu.Item
              className={menuItem}
              onSelect={() => change({ archived: !session.archived })}
            >
              {session.archived ? (
                <>
                  <ArchiveRestore className="h-3.5 w-3.5" aria-hidden="true" /> Restore
                </>
              ) : (
                <>
                  <Archive className="h-3.5 w-3.5" aria-hidden="true" /> Archive
                </>
              )}
            </DropdownMenu.Item>
            <DropdownMenu.Item className={`${menuItem} text-error-foreground`} onSelect={onDelete}>
              <Trash2 className="h-3.5 w-3.5" aria-hidden="true" /> Delete
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </>
  );
}
