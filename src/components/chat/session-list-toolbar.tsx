"use client";

import { CheckSquare, ListFilter, Search, X } from "lucide-react";
import { TagDot } from "@/components/tags/tag-chip";
import { TagPicker } from "@/components/tags/tag-picker";
import type { Tags } from "@/components/tags/use-tags";
import { cn } from "@/lib/cn";
import type { ChatSessions } from "./use-chat-sessions";

interface Props {
  sessions: ChatSessions;
  tags: Tags;
  selecting: boolean;
  onSelecting: (on: boolean) => void;
  onManageTags: () => void;
  /** Opens message search, when the page has it. */
  onSearch?: (() => void) | null;
}

const toggle =
  "rounded-md px-2 py-1 text-xs font-medium text-muted-foreground hover:bg-accent hover:text-accent-foreground aria-pressed:bg-highlight aria-pressed:text-foreground";

/** Above the list: chats or archived ones, the tag filter, select mode and search. */
export function SessionListToolbar({
  sessions,
  tags,
  selecting,
  onSelecting,
  onManageTags,
  onSearch,
}: Props) {
  const { view } = sessions;
  const filtering = new Set(view.tagIds);
  const setTags = (tagIds: string[]) => sessions.setView({ ...view, tagIds }).catch(() => {});

  return (
    <div className="border-b border-border px-1 pt-0.5 pb-1.5">
      <div className="flex items-center gap-1">
        <fieldset className="flex gap-0.5" aria-label="Which chats">
          <button
            type="button"
            className={toggle}
            aria-pressed={!view.archived}
            onClick={() => view.archived && sessions.setView({ ...view, archived: false })}
          >
            Chats
          </button>
          <button
            type="button"
            className={toggle}
            aria-pressed={view.archived}
            onClick={() => !view.archived && sessions.setView({ ...view, archived: true })}
            data-testid="show-archived"
          >
            Archived
          </button>
        </fieldset>
        <div className="flex-1" />
        <TagPicker
          label="Filter chats by tags"
          tags={tags.tags}
          stateOf={(tag) => filtering.has(tag.id)}
          onToggle={(tag, on) =>
            setTags(on ? [...view.tagIds, tag.id] : view.tagIds.filter((id) => id !== tag.id))
          }
          onManage={onManageTags}
          align="end"
        >
          <button
            type="button"
            className={toggle}
            aria-pressed={filtering.size > 0}
            data-testid="filter-tags"
          >
            <span className="flex items-center gap-1">
              <ListFilter className="h-3.5 w-3.5" aria-hidden="true" />
              Tags{filtering.size > 0 ? ` (${filtering.size})` : ""}
            </span>
          </button>
        </TagPicker>
        <button
          type="button"
          className={toggle}
          aria-pressed={selecting}
          onClick={() => onSelecting(!selecting)}
          data-testid="select-sessions"
        >
          <span className="flex items-center gap-1">
            <CheckSquare className="h-3.5 w-3.5" aria-hidden="true" />
            Select
          </span>
        </button>
        {onSearch && (
          <button
            type="button"
            className={toggle}
            onClick={onSearch}
            data-testid="switcher-search"
            aria-label="Search messages"
            title="Search messages"
          >
            <Search className="h-3.5 w-3.5" aria-hidden="true" />
          </button>
        )}
      </div>
      {filtering.size > 0 && (
        <ul className="mt-1.5 flex flex-wrap gap-1 px-1" aria-label="Showing chats with every tag">
          {view.tagIds.map((id) => {
            const tag = tags.tags.find((t) => t.id === id);
            return (
              <li key={id}>
                <button
                  type="button"
                  onClick={() => setTags(view.tagIds.filter((t) => t !== id))}
                  aria-label={`Stop filtering by ${tag?.name ?? "this tag"}`}
                  className={cn(
                    "inline-flex items-center gap-1 rounded-full border border-border bg-muted px-2 py-0.5 text-xs hover:bg-accent",
                  )}
                >
                  {tag && <TagDot color={tag.color} />}
                  {tag?.name ?? "Deleted tag"}
                  <X className="h-3 w-3" aria-hidden="true" />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
