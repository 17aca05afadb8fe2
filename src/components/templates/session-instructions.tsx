"use client";

import { FileText, ScrollText } from "lucide-react";
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/input";
import type { ChatSession } from "@/lib/contract/entities";
import { MAX_INSTRUCTIONS } from "@/lib/contract/limits";
import { useTemplates } from "./use-templates";

interface Props {
  session: Pick<ChatSession, "id" | "instructions" | "templateId">;
  /** Stores new instructions for the session (the list's own update). */
  onSave: (instructions: string) => Promise<unknown>;
}

/**
 * The header's "Template: X" (or "Instructions") button: a dialog to read and edit the session's
 * instructions, and to save the session as a template.
 */
export function SessionInstructions({ session, onSave }: Props) {
  const [open, setOpen] = useState(false);
  const { templates } = useTemplates();
  const template = session.templateId
    ? templates?.find((t) => t.id === session.templateId)
    : undefined;
  const has = session.instructions.trim() !== "";
  const label = template ? `Template: ${template.name}` : "Instructions";
  const trigger = useRef<HTMLButtonElement>(null);

  return (
    <>
      <button
        ref={trigger}
        type="button"
        onClick={() => setOpen(true)}
        data-testid="session-instructions"
        aria-label={`${label}${has ? "" : " (none)"}: view or edit this chat's instructions`}
        title={has ? "This chat's instructions" : "Give this chat instructions"}
        className="flex min-w-0 max-w-[45%] items-center gap-1.5 rounded-md px-2 py-1 text-xs text-muted-foreground hover:bg-accent hover:text-accent-foreground sm:max-w-[16rem]"
      >
        {template ? (
          <FileText className="h-3.5 w-3.5 shrink-0" aria-hidden />
        ) : (
          <ScrollText className="h-3.5 w-3.5 shrink-0" aria-hidden />
        )}
        {/* On a phone the header has no room for it (its name says it to screen readers). */}
        <span className="hidden truncate sm:inline">{label}</span>
        {has && !template && (
          <span className="h-1.5 w-1.5 shrink-0 rounded-full bg-primary" aria-hidden />
        )}
      </button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="This chat's instructions"
        description={
          template
            ? `Made from the template “${template.name}”. Changing them here changes this chat only.`
            : "Added to the model's instructions for every reply in this chat."
        }
        returnFocusTo={() => trigger.current}
        wide
      >
        {open && (
          <InstructionsForm session={session} onSave={onSave} onDone={() => setOpen(false)} />
        )}
      </Dialog>
    </>
  );
}

function InstructionsForm({ session, onSave, onDone }: Props & { onDone: () => void }) {
  const [text, setText] = useState(session.instructions);
  const [status, setStatus] = useState<{ error?: string; saved?: string } | null>(null);
  const [pending, setPending] = useState(false);
  const { create } = useTemplates();
  const id = useId();
  const changed = text !== session.instructions;

  /** Saves the instructions, when changed. */
  async function save() {
    if (changed) await onSave(text);
  }

  async function run(action: () => Promise<void>) {
    setPending(true);
    setStatus(null);
    try {
      await action();
    } catch (e) {
      setStatus({ error: (e as Error).message });
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => {
          await save();
          onDone();
        });
      }}
    >
      <label htmlFor={`${id}-text`} className="sr-only">
        Instructions
      </label>
      <Textarea
        id={`${id}-text`}
        rows={10}
        maxLength={MAX_INSTRUCTIONS}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="For example: answer briefly, and always show the tests."
        data-testid="instructions-text"
        className="font-mono text-xs leading-relaxed"
      />
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {status?.saved ?? `${text.length.toLocaleString()} / ${MAX_INSTRUCTIONS.toLocaleString()}`}
      </p>
      {status?.error && (
        <p
          role="alert"
          className="rounded-md border border-error-border bg-error px-3 py-2 text-sm text-error-foreground"
        >
          {status.error}
        </p>
      )}
      <div className="flex flex-wrap justify-between gap-2">
        <Button
          variant="ghost"
          size="sm"
          disabled={pending}
          data-testid="save-as-template"
          onClick={() =>
            run(async () => {
              await save();
              const template = await create({ fromSessionId: session.id });
              setStatus({ saved: `Saved as the template “${template.name}”.` });
            })
          }
        >
          <FileText className="h-4 w-4" aria-hidden /> Save as template
        </Button>
        <div className="flex gap-2">
          <Button variant="secondary" size="sm" onClick={onDone} disabled={pending}>
            Cancel
          </Button>
          <Button
            type="submit"
            size="sm"
            disabled={pending || !changed}
            data-testid="save-instructions"
          >
            Save
          </Button>
        </div>
      </div>
    </form>
  );
}
