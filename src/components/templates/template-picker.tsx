"use client";

import { FileText, Loader2, MessageSquarePlus, Settings2 } from "lucide-react";
import { type KeyboardEvent, useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { SessionTemplate } from "@/lib/contract/entities";
import { useTemplates } from "./use-templates";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** A template chosen, or null for a blank chat. */
  onPick: (template: SessionTemplate | null) => void;
  onManage: () => void;
  returnFocusTo?: () => HTMLElement | null | undefined;
}

/**
 * "New chat from template…": a filter box over the list (a combobox), ↑/↓ to move, Enter to
 * start. A blank chat comes first, so Enter alone still gives the usual new chat.
 */
export function TemplatePicker({ open, onOpenChange, onPick, onManage, returnFocusTo }: Props) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New chat from a template"
      description="Its instructions guide every reply; its first message waits in the composer."
      returnFocusTo={returnFocusTo}
      wide
    >
      {open && <PickerBody onPick={onPick} onManage={onManage} />}
    </Dialog>
  );
}

function PickerBody({ onPick, onManage }: Pick<Props, "onPick" | "onManage">) {
  const { templates } = useTemplates();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const id = useId();
  const options = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const matches = (t: SessionTemplate) =>
      words.every((w) => `${t.name} ${t.description}`.toLowerCase().includes(w));
    const blank = words.every((w) => "blank chat".includes(w));
    return [...(blank ? [null] : []), ...(templates ?? []).filter(matches)];
  }, [templates, query]);
  const current = Math.min(active, options.length - 1);
  const optionId = (index: number) => `${id}-option-${index}`;

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: options.length - 1,
    };
    const next = moves[event.key];
    if (next !== undefined && options.length > 0) {
      event.preventDefault();
      const to = (next + options.length) % options.length;
      setActive(to);
      document.getElementById(optionId(to))?.scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      onPick(options[current] ?? null);
    }
  }

  return (
    <div className="flex flex-col gap-3">
      <input
        // biome-ignore lint/a11y/noAutofocus: the dialog opens to type into its filter
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        aria-label="Filter templates"
        placeholder="Filter templates…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        data-testid="template-filter"
        className="h-10 w-full rounded-md border border-input bg-card px-3 text-sm placeholder:text-muted-foreground focus:border-ring focus:ring-2 focus:ring-ring/30 focus:outline-none"
      />
      <div
        id={`${id}-list`}
        role="listbox"
        aria-label="Templates"
        className="max-h-[min(24rem,55dvh)] overflow-y-auto rounded-lg border border-border"
      >
        {templates === null && (
          <p className="flex items-center gap-2 px-3 py-2.5 text-sm text-muted-foreground">
            <Loader2 className="h-4 w-4 animate-spin" aria-hidden="true" /> Loading templates…
          </p>
        )}
        {options.map((template, index) => (
          // The combobox owns the keyboard; a click on an option picks it too.
          // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the combobox
          <div
            key={template?.id ?? "blank"}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            tabIndex={-1}
            onClick={() => onPick(template)}
            onMouseMove={() => setActive(index)}
            data-testid="template-option"
            className={`flex cursor-pointer items-start gap-3 border-b border-border px-3 py-2.5 last:border-b-0 ${index === current ? "bg-accent text-accent-foreground" : ""}`}
          >
            {template ? (
              <FileText className="mt-0.5 h-4 w-4 shrink-0 text-muted-foreground" aria-hidden />
            ) : (
              <MessageSquarePlus
                className="mt-0.5 h-4 w-4 shrink-0 text-muted-foreground"
                aria-hidden
              />
            )}
            <span className="min-w-0 flex-1">
              <span className="flex items-center gap-2 text-sm font-medium">
                {template?.name ?? "Blank chat"}
                {template?.builtIn && (
                  <span className="rounded bg-muted px-1.5 py-0.5 text-[0.65rem] font-medium text-muted-foreground uppercase">
                    Built-in
                  </span>
                )}
              </span>
              <span className="mt-0.5 block text-xs text-muted-foreground">
                {template ? template.description || "No description" : "No instructions"}
              </span>
            </span>
          </div>
        ))}
        {templates !== null && options.length === 0 && (
          <p className="px-3 py-2.5 text-sm text-muted-foreground">No template matches.</p>
        )}
      </div>
      <div className="flex items-center justify-between gap-2">
        <p className="hidden text-xs text-muted-foreground sm:block">
          ↑↓ to choose, Enter to start
        </p>
        <Button variant="ghost" size="sm" onClick={onManage} data-testid="manage-templates">
          <Settings2 className="h-4 w-4" aria-hidden />
          Manage templates
        </Button>
      </div>
    </div>
  );
}
