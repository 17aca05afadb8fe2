"use client";

import { Tag as TagIcon } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { TagChips } from "@/components/tags/tag-chip";
import { TagPicker } from "@/components/tags/tag-picker";
import { useTags } from "@/components/tags/use-tags";
import { Button } from "@/components/ui/button";
import { Input, Label, Textarea } from "@/components/ui/input";
import {
  MAX_INSTRUCTIONS,
  MAX_TAGS_PER_SESSION,
  MAX_TEMPLATE_DESCRIPTION,
  MAX_TEMPLATE_NAME,
} from "@/lib/contract/limits";
import type { TemplateFields } from "./use-templates";

interface Props {
  initial: TemplateFields;
  submitLabel: string;
  /** Saves; a thrown error is shown and the form stays. */
  onSubmit: (fields: TemplateFields) => Promise<void>;
  onCancel: () => void;
}

/** A template's fields, with the limits the server enforces. */
export function TemplateForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const [fields, setFields] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();
  const tags = useTags();
  const chosen = new Set(fields.tagIds ?? []);
  const set = (key: keyof TemplateFields) => (value: string) =>
    setFields((f) => ({ ...f, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await onSubmit(fields);
    } catch (e) {
      setError((e as Error).message);
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-3" data-testid="template-form">
      <div>
        <Label htmlFor={`${id}-name`}>Name</Label>
        <Input
          id={`${id}-name`}
          required
          maxLength={MAX_TEMPLATE_NAME}
          value={fields.name}
          onChange={(e) => set("name")(e.target.value)}
          data-testid="template-name"
        />
      </div>
      <div>
        <Label htmlFor={`${id}-description`}>Description</Label>
        <Input
          id={`${id}-description`}
          maxLength={MAX_TEMPLATE_DESCRIPTION}
          value={fields.description}
          onChange={(e) => set("description")(e.target.value)}
        />
      </div>
      <div>
        <Label htmlFor={`${id}-instructions`}>Instructions</Label>
        <Textarea
          id={`${id}-instructions`}
          rows={6}
          maxLength={MAX_INSTRUCTIONS}
          value={fields.instructions}
          onChange={(e) => set("instructions")(e.target.value)}
          aria-describedby={`${id}-instructions-help`}
          data-testid="template-instructions"
        />
        <p id={`${id}-instructions-help`} className="mt-1 text-xs text-muted-foreground">
          Added to the model's instructions for every reply in chats made from this template.
        </p>
      </div>
      <div>
        <Label htmlFor={`${id}-first`}>First message</Label>
        <Textarea
          id={`${id}-first`}
          rows={3}
          value={fields.firstMessage}
          onChange={(e) => set("firstMessage")(e.target.value)}
          aria-describedby={`${id}-first-help`}
        />
        <p id={`${id}-first-help`} className="mt-1 text-xs text-muted-foreground">
          Waits in the composer of a new chat, for you to complete and send.
        </p>
      </div>
      <div>
        <span className="text-sm font-medium" id={`${id}-tags`}>
          Tags
        </span>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <TagChips tags={tags.tags.filter((t) => chosen.has(t.id))} />
          <TagPicker
            label="Tags of chats made from this template"
            tags={tags.tags}
            stateOf={(tag) => chosen.has(tag.id)}
            onToggle={(tag, on) => {
              if (on && chosen.size >= MAX_TAGS_PER_SESSION)
                throw new Error(`At most ${MAX_TAGS_PER_SESSION} tags`);
              setFields((f) => ({
                ...f,
                tagIds: on
                  ? [...(f.tagIds ?? []), tag.id]
                  : (f.tagIds ?? []).filter((t) => t !== tag.id),
              }));
              return undefined;
            }}
            onCreate={(name) => tags.create(name)}
          >
            <Button variant="secondary" size="sm" aria-describedby={`${id}-tags`}>
              <TagIcon className="h-3.5 w-3.5" aria-hidden="true" />
              {chosen.size > 0 ? "Change" : "Add tags"}
            </Button>
          </TagPicker>
        </div>
      </div>
      {error && (
        <p
          role="alert"
          className="rounded-md border border-error-border bg-error px-3 py-2 text-sm text-error-foreground"
        >
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending || !fields.name.trim()} data-testid="template-save">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
