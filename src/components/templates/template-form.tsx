"use client";

import { type FormEvent, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Textarea } from "@/components/ui/input";
import {
  MAX_INSTRUCTIONS,
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
