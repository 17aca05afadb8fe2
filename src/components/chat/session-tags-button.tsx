"use client";

import { Tag as TagIcon } from "lucide-react";
import { TagPicker } from "@/components/tags/tag-picker";
import type { Tags } from "@/components/tags/use-tags";
import { Button } from "@/components/ui/button";
import type { ChatSessionSummary } from "@/lib/contract/entities";
import type { ChatSessions } from "./use-chat-sessions";

/** The chat header's tag button: the current session's tags, changed in place. */
export function SessionTagsButton({
  session,
  sessions,
  tags,
  onManageTags,
}: {
  session: ChatSessionSummary;
  sessions: ChatSessions;
  tags: Tags;
  onManageTags: () => void;
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
    >
      <Button
        variant="ghost"
        size="icon"
        aria-label={`Tags of ${session.name}`}
        data-testid="header-tags"
      >
        <TagIcon className="h-4 w-4" />
      </Button>
    </TagPicker>
  );
}
