"use client";

import { Archive, ArchiveRestore, Tag as TagIcon, Trash2 } from "lucide-react";
import { useState } from "react";
import { TagPicker } from "@/components/tags/tag-picker";
import type { Tags } from "@/components/tags/use-tags";
import { Button } from "@/components/ui/button";
import type { BulkAction, ChatSessions } from "./use-chat-sessions";

interface Props {
  sessions: ChatSessions;
  tags: Tags;
  selected: Set<string>;
  onDone: () => void;
  onDeleted: (ids: string[]) => void;
  onError: (message: string) => void;
}

/** Select mode's actions on the chosen chats: tags, archive or restore, delete. */
export function BulkBar({ sessions, tags, selected, onDone, onDeleted, onError }: Props) {
  const [confirming, setConfirming] = useState(false);
  const ids = [...selected];
  const chosen = sessions.sessions.filter((s) => selected.has(s.id));
  const archived = sessions.view.archived;

  async function run(action: BulkAction, tagIds?: string[]) {
    try {
      await sessions.bulk(ids, action, tagIds);
      if (action === "delete") onDeleted(ids);
      else if (action === "archive" || action === "unarchive") onDone();
    } catch (e) {
      onError((e as Error).message);
    }
  }

  return (
    <div
      className="flex flex-wrap items-center gap-1 border-t border-border px-1 pt-1.5"
      role="toolbar"
      aria-label="Selected chats"
      data-testid="bulk-bar"
    >
      <span className="px-1 text-xs text-muted-foreground" aria-live="polite">
        {ids.length} selected
      </span>
      <div className="flex-1" />
      <TagPicker
        label="Tags of the selected chats"
        tags={tags.tags}
        stateOf={(tag) => {
          const n = chosen.filter((s) => s.tags.some((t) => t.id === tag.id)).length;
          return n === 0 ? false : n === chosen.length ? true : "mixed";
        }}
        onToggle={(tag, on) => run(on ? "tag" : "untag", [tag.id])}
        onCreate={(name) => tags.create(name)}
        align="end"
      >
        <Button variant="ghost" size="sm" disabled={ids.length === 0} data-testid="bulk-tag">
          <TagIcon className="h-3.5 w-3.5" aria-hidden="true" /> Tag
        </Button>
      </TagPicker>
      <Button
        variant="ghost"
        size="sm"
        disabled={ids.length === 0}
        onClick={() => run(archived ? "unarchive" : "archive")}
        data-testid="bulk-archive"
      >
        {archived ? (
          <ArchiveRestore className="h-3.5 w-3.5" aria-hidden="true" />
        ) : (
          <Archive className="h-3.5 w-3.5" aria-hidden="true" />
        )}
        {archived ? "Restore" : "Archive"}
      </Button>
      {confirming ? (
        <Button
          variant="danger"
          size="sm"
          onClick={() => run("delete").then(() => setConfirming(false))}
          onBlur={() => setConfirming(false)}
          autoFocus
          data-testid="bulk-delete-confirm"
        >
          Delete {ids.length} {ids.length === 1 ? "chat" : "chats"}
        </Button>
      ) : (
        <Button
          variant="ghost"
          size="sm"
          disabled={ids.length === 0}
          onClick={() => setConfirming(true)}
          className="hover:text-error-foreground"
          data-testid="bulk-delete"
        >
          <Trash2 className="h-3.5 w-3.5" aria-hidden="true" /> Delete
        </Button>
      )}
      <Button variant="secondary" size="sm" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}
