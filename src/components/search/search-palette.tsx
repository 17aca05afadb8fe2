"use client";

import { Command } from "cmdk";
import { Bot, Loader2, MessageSquareText, Search, User } from "lucide-react";
import { useRouter } from "next/navigation";
import { Dialog as RadixDialog } from "radix-ui";
import { useEffect, useState } from "react";
import { Timestamp } from "@/components/ui/timestamp";
import { api } from "@/lib/api-client";
import { cn } from "@/lib/cn";
import type { SearchResult } from "@/lib/contract/entities";
import { leadUpToMatch } from "./snippet";
import { useSearch } from "./use-search";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The project the user is in, searched by default; absent: every project. */
  projectId?: string;
}

/**
 * Ctrl/Cmd+K: search every chat as you type. Arrows move through the results, Enter opens one
 * at its message (that message's branch becoming the one shown), Escape closes.
 */
export function SearchPalette({ open, onOpenChange, projectId }: Props) {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [everywhere, setEverywhere] = useState(!projectId);
  const [order, setOrder] = useState<"relevance" | "newest">("relevance");
  const scope = everywhere ? undefined : projectId;
  const search = useSearch({ query, projectId: scope, order, enabled: open });
  useEffect(() => setEverywhere(!projectId), [projectId]);
  // The chosen result (cmdk's value): the first one whenever the results change, so Enter
  // always opens something once results are there.
  const [chosen, setChosen] = useState("");
  const firstKey = search.results[0] ? resultKey(search.results[0]) : "";
  useEffect(() => setChosen(firstKey), [firstKey]);

  async function openResult(result: SearchResult) {
    onOpenChange(false);
    // A hit on another version: its branch becomes the one shown, then the page opens at it.
    if (result.messageId)
      await api(`/api/chat-sessions/${result.chatSessionId}/active-branch`, {
        method: "POST",
        body: { messageId: result.messageId, limit: 1 },
      }).catch(() => {});
    const at = result.messageId ? `&message=${result.messageId}` : "";
    router.push(`/projects/${result.projectId}?session=${result.chatSessionId}${at}`);
  }

  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40 backdrop-blur-[1px]" />
        <RadixDialog.Content
          className="fixed top-[10vh] left-1/2 z-50 flex max-h-[80vh] w-[calc(100vw-1.5rem)] max-w-2xl -translate-x-1/2 flex-col overflow-hidden rounded-xl border border-border bg-popover text-popover-foreground shadow-xl"
          data-testid="search-palette"
        >
          <RadixDialog.Title className="sr-only">Search chats</RadixDialog.Title>
          <RadixDialog.Description className="sr-only">
            Type to search session names and messages. Arrow keys choose a result, Enter opens it.
          </RadixDialog.Description>
          <Command
            shouldFilter={false}
            loop
            label="Search chats"
            value={chosen}
            onValueChange={setChosen}
            className="flex min-h-0 flex-col"
          >
            <div className="flex items-center gap-2 border-b border-border px-3">
              <Search className="h-4 w-4 shrink-0 text-muted-foreground" aria-hidden="true" />
              <Command.Input
                value={query}
                onValueChange={setQuery}
                placeholder="Search chats…"
                aria-label="Search chats"
                data-testid="search-input"
                className="h-12 min-w-0 flex-1 bg-transparent text-sm outline-none placeholder:text-muted-foreground"
              />
              {search.loading && (
                <Loader2
                  className="h-4 w-4 animate-spin text-muted-foreground"
                  aria-label="Searching"
                />
              )}
            </div>
            <div className="flex flex-wrap items-center gap-2 border-b border-border px-3 py-2 text-xs">
              {projectId && (
                <Toggle
                  options={[
                    ["This project", false],
                    ["All projects", true],
                  ]}
                  value={everywhere}
                  onChange={setEverywhere}
                  label="Where to search"
                />
              )}
              <Toggle
                options={[
                  ["Best match", "relevance"],
                  ["Newest", "newest"],
                ]}
                value={order}
                onChange={setOrder}
                label="Order"
              />
              <span className="ml-auto hidden text-muted-foreground sm:inline">
                "exact phrase" · -exclude
              </span>
            </div>
            <Command.List className="min-h-0 overflow-y-auto p-1" data-testid="search-results">
              {search.error ? (
                <p role="alert" className="px-3 py-6 text-center text-sm text-error-foreground">
                  {search.error}
                </p>
              ) : (
                query.trim() &&
                !search.loading &&
                search.results.length === 0 && (
                  <Command.Empty className="px-3 py-6 text-center text-sm text-muted-foreground">
                    No chat says “{query.trim()}”.
                  </Command.Empty>
                )
              )}
              {search.results.map((result) => (
                <Command.Item
                  key={resultKey(result)}
                  value={resultKey(result)}
                  onSelect={() => void openResult(result)}
                  className="flex cursor-pointer gap-3 rounded-lg px-3 py-2 text-sm data-[selected=true]:bg-highlight"
                  data-testid="search-result"
                >
                  <ResultIcon role={result.role} />
                  <div className="min-w-0 flex-1">
                    <div className="flex items-baseline gap-2">
                      <span className="truncate font-medium">{result.sessionName}</span>
                      {result.archived && (
                        <span className="shrink-0 rounded border border-border px-1 text-[10px] text-muted-foreground uppercase">
                          Archived
                        </span>
                      )}
                      <span className="truncate text-xs text-muted-foreground">
                        {result.projectName}
                      </span>
                      <Timestamp
                        iso={result.createdAt}
                        className="ml-auto shrink-0 text-xs text-muted-foreground"
                      />
                    </div>
                    {result.messageId && (
                      <p className="line-clamp-2 text-muted-foreground break-words">
                        <span className="sr-only">
                          {result.role === "user" ? "You said: " : "Craft said: "}
                        </span>
                        {leadUpToMatch(result.snippet).map((part, index) =>
                          part.highlight ? (
                            // biome-ignore lint/suspicious/noArrayIndexKey: parts never move
                            <mark key={index} className="rounded-sm bg-mark px-0.5 text-foreground">
                              {part.text}
                            </mark>
                          ) : (
                            // biome-ignore lint/suspicious/noArrayIndexKey: parts never move
                            <span key={index}>{part.text}</span>
                          ),
                        )}
                      </p>
                    )}
                    {result.sessionSummary && (
                      <p
                        className={`text-xs text-muted-foreground ${result.messageId ? "truncate" : "line-clamp-2"}`}
                        data-testid="search-result-summary"
                      >
                        <span className="sr-only">Chat summary: </span>
                        {result.sessionSummary}
                      </p>
                    )}
                  </div>
                </Command.Item>
              ))}
              {search.hasMore && (
                <Command.Item
                  value="more"
                  onSelect={search.loadMore}
                  className="cursor-pointer rounded-lg px-3 py-2 text-center text-sm text-muted-foreground data-[selected=true]:bg-accent"
                >
                  More results
                </Command.Item>
              )}
            </Command.List>
          </Command>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

const resultKey = (result: SearchResult) => `${result.chatSessionId}:${result.messageId ?? "name"}`;

function ResultIcon({ role }: { role: SearchResult["role"] }) {
  const Icon = role === "user" ? User : role === "assistant" ? Bot : MessageSquareText;
  return <Icon className="mt-0.5 h-4 w-4 shrink-0 text-muted-foreground" aria-hidden="true" />;
}

/** Two or three choices as buttons, the chosen one pressed. */
function Toggle<T>({
  options,
  value,
  onChange,
  label,
}: {
  options: [string, T][];
  value: T;
  onChange: (value: T) => void;
  label: string;
}) {
  return (
    <fieldset className="m-0 flex rounded-md border border-border p-0.5">
      <legend className="sr-only">{label}</legend>
      {options.map(([name, option]) => (
        <button
          key={name}
          type="button"
          aria-pressed={value === option}
          onClick={() => onChange(option)}
          className={cn(
            "rounded px-2 py-0.5",
            value === option
              ? "bg-primary text-primary-foreground"
              : "text-muted-foreground hover:bg-accent",
          )}
        >
          {name}
        </button>
      ))}
    </fieldset>
  );
}
