"use client";

import { Tag as TagIcon } from "lucide-react";
import { TagPicker } from "@/components/tags/tag-picker";
import type { Tags } from "@/components/tags/use-tags";
import { Button } from "@/components/ui/button";
import type { ChatSessionListItem } from "@/lib/contract/entities";
import type { ChatSessions } from "./use-chat-sessions";

/** A session's tag button (in the chat header, on a list row): its tags, changed in place. */
export function SessionTagsButton({
  session,
  sessions,
  tags,
  onManageTags,
  compact = false,
}: {
  session: ChatSessionListItem;
  sessions: ChatSessions;
  tags: Tags;
  onManageTags: () => void;
  /** A list row's smaller button, its menu opening towards the row's end. */
  compact?: boolean;
}) {
  const carried = new Set(session.tags.map((t) => t.id));
  return (
    <TagPicker
      label={`Tags of ${session.name}`}
      tags={tags.tags}
      stateOf={(tag) => carried.has(tag.id)}
      onToggle={(tag, on) =>
        sessions.update(session.id, {
          tags: on ? [...carried, tag.id] : [...carried].filter((id) => id !== tag.id),
        })
      }
      onCreate={(name) => tags.create(name)}
      onManage={onManageTags}
      align={compact ? "end" : "start"}
    >
      <Button
        variant="ghost"
        size="icon"
        aria-label={`Tags of ${session.name}`}
        data-testid={compact ? undefined : "header-tags"}
      >
        <TagIcon className={compact ? "h-3.5 w-3.5" : "h-4 w-4"} />
      </Button>
    </TagPicker>
  );
}
