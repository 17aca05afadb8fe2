"use client";

import { Command } from "cmdk";
import { Check, Minus, Plus, Settings2 } from "lucide-react";
import { Popover } from "radix-ui";
import { type ReactNode, useEffect, useState } from "react";
import type { Tag } from "@/lib/contract/entities";
import { MAX_TAG_NAME } from "@/lib/contract/limits";
import { TagDot } from "./tag-chip";

const optionValue = (tag: Tag) => `tag ${tag.id}`;

/** Whether a tag is on: on all the sessions concerned, none, or some ("mixed", in bulk). */
type TagState = boolean | "mixed";

interface Props {
  /** The button that opens it (rendered as the popover's trigger). */
  children: ReactNode;
  /** What it is for, for screen readers: "Tags of Fix the build". */
  label: string;
  tags: Tag[];
  stateOf: (tag: Tag) => TagState;
  onToggle: (tag: Tag, on: boolean) => Promise<unknown> | undefined;
  /** Offered when the typed name matches no tag: create it, then turn it on. */
  onCreate?: (name: string) => Promise<Tag>;
  onManage?: () => void;
  align?: "start" | "end";
}

/**
 * Find, toggle and create tags from the keyboard: type to filter, arrows to move, Enter to
 * toggle (or create the tag typed), Escape to close. The GitHub-labels way.
 */
export function TagPicker({
  children,
  label,
  tags,
  stateOf,
  onToggle,
  onCreate,
  onManage,
  align = "start",
}: Props) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const typed = query.trim();
  const lower = typed.toLowerCase();
  const exists = tags.some((t) => t.name.toLowerCase() === lower);
  const shown = tags.filter((t) => t.name.toLowerCase().includes(lower));
  const creating = Boolean(onCreate && typed && !exists);
  // The option Enter acts on, chosen here (not by cmdk after a render) so that typing a name
  // and pressing Enter at once always toggles the first match, or creates the tag.
  const first = shown[0] ? optionValue(shown[0]) : creating ? `create ${typed}` : "";
  const [chosen, setChosen] = useState(first);
  useEffect(() => setChosen(first), [first]);

  async function run(action: () => Promise<unknown> | undefined) {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <Popover.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setQuery("");
      }}
    >
      <Popover.Trigger asChild>{children}</Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align={align}
          sideOffset={6}
          className="z-50 w-64 rounded-xl border border-border bg-popover p-1 text-popover-foreground shadow-lg"
          data-testid="tag-picker"
          // Keys typed here belong to the picker, not to a list or menu it sits in.
          onKeyDown={(e) => e.stopPropagation()}
        >
          <Command label={label} loop shouldFilter={false} value={chosen} onValueChange={setChosen}>
            <Command.Input
              value={query}
              onValueChange={setQuery}
              placeholder={onCreate ? "Find or create a tag…" : "Find a tag…"}
              aria-label={label}
              maxLength={MAX_TAG_NAME}
              className="h-9 w-full rounded-md bg-transparent px-2 text-sm outline-none placeholder:text-muted-foreground"
            />
            <Command.List className="max-h-60 overflow-y-auto border-t border-border pt-1">
              <Command.Empty className="px-2 py-3 text-center text-xs text-muted-foreground">
                {tags.length === 0 ? "No tags yet." : "No tag matches."}
              </Command.Empty>
              {shown.map((tag) => {
                const state = stateOf(tag);
                return (
                  <Command.Item
                    key={tag.id}
                    value={optionValue(tag)}
                    onSelect={() => run(() => onToggle(tag, state !== true))}
                    // An option that is on or off (cmdk's aria-selected marks the one chosen).
                    aria-checked={state === "mixed" ? "mixed" : state}
                    className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm data-[selected=true]:bg-accent"
                    data-testid="tag-option"
                  >
                    <span className="flex h-4 w-4 items-center justify-center">
                      {state === true && <Check className="h-3.5 w-3.5" aria-hidden="true" />}
                      {state === "mixed" && <Minus className="h-3.5 w-3.5" aria-hidden="true" />}
                    </span>
                    <TagDot color={tag.color} />
                    <span className="truncate">{tag.name}</span>
                  </Command.Item>
                );
              })}
              {creating && onCreate && (
                <Command.Item
                  value={`create ${typed}`}
                  onSelect={() =>
                    run(async () => {
                      const tag = await onCreate(typed);
                      setQuery("");
                      await onToggle(tag, true);
                    })
                  }
                  className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm data-[selected=true]:bg-accent"
                  data-testid="create-tag"
                >
                  <Plus className="h-3.5 w-3.5" aria-hidden="true" />
                  <span className="truncate">Create “{typed}”</span>
                </Command.Item>
              )}
            </Command.List>
            {error && (
              <p role="alert" className="px-2 py-1 text-xs text-error-foreground">
                {error}
              </p>
            )}
            {onManage && (
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  onManage();
                }}
                className="mt-1 flex w-full items-center gap-2 rounded-md border-t border-border px-2 py-1.5 text-left text-xs text-muted-foreground hover:bg-accent hover:text-accent-foreground"
              >
                <Settings2 className="h-3.5 w-3.5" aria-hidden="true" />
                Manage tags…
              </button>
            )}
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
