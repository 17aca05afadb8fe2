"use client";

import { Trash2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { type Tag, type TagColor, tagColors } from "@/lib/contract/entities";
import { MAX_TAG_NAME } from "@/lib/contract/limits";
import { TagDot } from "./tag-chip";
import type { Tags } from "./use-tags";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  tags: Tags;
  returnFocusTo?: () => HTMLElement | null | undefined;
}

/** Create, rename, recolour and delete tags: each change applies to every chat that has it. */
export function ManageTagsDialog({ open, onOpenChange, tags, returnFocusTo }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  async function attempt(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  }

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (name && (await attempt(() => tags.create(name)))) form.reset();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Tags"
      description="Renaming, recolouring or deleting a tag changes it on every chat that has it."
      returnFocusTo={returnFocusTo}
    >
      <form onSubmit={onCreate} className="flex gap-2">
        <Input
          name="name"
          placeholder="New tag name"
          aria-label="New tag name"
          maxLength={MAX_TAG_NAME}
        />
        <Button type="submit" size="md" variant="secondary">
          Add
        </Button>
      </form>
      {error && (
        <p role="alert" className="mt-2 text-sm text-error-foreground">
          {error}
        </p>
      )}
      <ul className="mt-3 max-h-80 space-y-1 overflow-y-auto" aria-label="Your tags">
        {tags.tags.length === 0 && (
          <li className="py-4 text-center text-sm text-muted-foreground">No tags yet.</li>
        )}
        {tags.tags.map((tag) => (
          <TagRow
            key={`${tag.id}:${tag.name}`}
            tag={tag}
            confirming={confirming === tag.id}
            onConfirm={setConfirming}
            attempt={attempt}
            tags={tags}
          />
        ))}
      </ul>
    </Dialog>
  );
}

function TagRow({
  tag,
  confirming,
  onConfirm,
  attempt,
  tags,
}: {
  tag: Tag;
  confirming: boolean;
  onConfirm: (id: string | null) => void;
  attempt: (action: () => Promise<unknown>) => Promise<boolean>;
  tags: Tags;
}) {
  return (
    <li className="flex items-center gap-2 rounded-md px-1 py-1" data-testid="manage-tag">
      <label className="relative flex h-8 w-8 shrink-0 items-center justify-center rounded-md hover:bg-accent">
        <TagDot color={tag.color} className="h-3 w-3" />
        <select
          value={tag.color}
          aria-label={`Colour of ${tag.name}`}
          onChange={(e) =>
            attempt(() => tags.update(tag.id, { color: e.target.value as TagColor }))
          }
          className="absolute inset-0 cursor-pointer opacity-0"
        >
          {tagColors.map((color) => (
            <option key={color} value={color}>
              {color}
            </option>
          ))}
        </select>
      </label>
      <input
        defaultValue={tag.name}
        aria-label={`Name of ${tag.name}`}
        maxLength={MAX_TAG_NAME}
        onKeyDown={(e) => {
          if (e.key === "Enter") e.currentTarget.blur();
        }}
        onBlur={(e) => {
          const name = e.currentTarget.value.trim();
          const input = e.currentTarget;
          if (!name || name === tag.name) {
            input.value = tag.name;
            return;
          }
          attempt(() => tags.update(tag.id, { name })).then((ok) => {
            if (!ok) input.value = tag.name;
          });
        }}
        className="h-8 min-w-0 flex-1 rounded-md border border-transparent bg-transparent px-2 text-sm hover:border-input focus:border-ring focus:outline-none"
      />
      <span className="shrink-0 text-xs text-muted-foreground tabular-nums" title="Chats with it">
        {tag.sessionCount}
      </span>
      {confirming ? (
        <Button
          variant="danger"
          size="sm"
          onClick={() => attempt(() => tags.remove(tag.id)).then(() => onConfirm(null))}
          onBlur={() => onConfirm(null)}
          autoFocus
        >
          Delete {tag.sessionCount > 0 ? `from ${tag.sessionCount} chats` : "tag"}
        </Button>
      ) : (
        <Button
          variant="ghost"
          size="icon"
          aria-label={`Delete ${tag.name}`}
          onClick={() => onConfirm(tag.id)}
        >
          <Trash2 className="h-3.5 w-3.5" />
        </Button>
      )}
    </li>
  );
}
