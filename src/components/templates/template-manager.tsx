"use client";

import { Copy, Loader2, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { SessionTemplate } from "@/lib/contract/entities";
import { TemplateForm } from "./template-form";
import { type TemplateFields, useTemplates } from "./use-templates";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusTo?: () => HTMLElement | null | undefined;
}

/** What the dialog shows: the list, a form for a new or copied template, or one being edited. */
type View =
  | { kind: "list" }
  | { kind: "create"; initial: TemplateFields }
  | { kind: "edit"; template: SessionTemplate }
  | { kind: "delete"; template: SessionTemplate };

const blank: TemplateFields = { name: "", description: "", instructions: "", firstMessage: "" };

const fieldsOf = (t: SessionTemplate): TemplateFields => ({
  name: t.name,
  description: t.description,
  instructions: t.instructions,
  firstMessage: t.firstMessage,
  tagIds: t.tags.map((tag) => tag.id),
});

/** Create, edit, copy and delete templates. Built-in ones can only be copied. */
export function TemplateManager({ open, onOpenChange, returnFocusTo }: Props) {
  const [view, setView] = useState<View>({ kind: "list" });
  const titles = {
    list: "Templates",
    create: "New template",
    edit: "Edit template",
    delete: "Delete this template?",
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) setView({ kind: "list" });
      }}
      title={titles[view.kind]}
      returnFocusTo={returnFocusTo}
      wide
    >
      {open && <ManagerBody view={view} setView={setView} />}
    </Dialog>
  );
}

function ManagerBody({ view, setView }: { view: View; setView: (view: View) => void }) {
  const { templates, create, update, remove } = useTemplates();
  const [error, setError] = useState<string | null>(null);
  const toList = () => setView({ kind: "list" });

  if (view.kind === "create")
    return (
      <TemplateForm
        initial={view.initial}
        submitLabel="Create template"
        onCancel={toList}
        onSubmit={async (fields) => {
          await create({ ...fields });
          toList();
        }}
      />
    );
  if (view.kind === "edit")
    return (
      <TemplateForm
        initial={fieldsOf(view.template)}
        submitLabel="Save"
        onCancel={toList}
        onSubmit={async (fields) => {
          await update(view.template.id, fields);
          toList();
        }}
      />
    );
  if (view.kind === "delete")
    return (
      <div className="flex flex-col gap-4">
        <p className="text-sm text-muted-foreground">
          “{view.template.name}” will be deleted. Chats made from it keep their instructions.
        </p>
        {error && (
          <p role="alert" className="text-sm text-error-foreground">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={toList}>
            Cancel
          </Button>
          <Button
            variant="danger"
            data-testid="confirm-delete-template"
            onClick={() => remove(view.template.id).then(toList, (e: Error) => setError(e.message))}
          >
            Delete template
          </Button>
        </div>
      </div>
    );

  return (
    <div className="flex flex-col gap-3">
      <div className="flex justify-end">
        <Button
          size="sm"
          onClick={() => setView({ kind: "create", initial: blank })}
          data-testid="new-template"
        >
          <Plus className="h-4 w-4" aria-hidden /> New template
        </Button>
      </div>
      {templates === null ? (
        <p className="flex items-center gap-2 text-sm text-muted-foreground">
          <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> Loading templates…
        </p>
      ) : (
        <ul className="rounded-lg border border-border" aria-label="Templates">
          {templates.map((template) => (
            <li
              key={template.id}
              className="flex items-start gap-3 border-b border-border px-3 py-2.5 last:border-b-0"
              data-testid="template-row"
            >
              <div className="min-w-0 flex-1">
                <p className="flex items-center gap-2 text-sm font-medium">
                  <span className="truncate">{template.name}</span>
                  {template.builtIn && (
                    <span className="rounded bg-muted px-1.5 py-0.5 text-[0.65rem] font-medium text-muted-foreground uppercase">
                      Built-in
                    </span>
                  )}
                </p>
                <p className="mt-0.5 text-xs text-muted-foreground">
                  {template.description || "No description"}
                </p>
              </div>
              <div className="flex shrink-0 gap-0.5">
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Copy ${template.name}`}
                  title="Copy and edit"
                  onClick={() =>
                    setView({
                      kind: "create",
                      initial: { ...fieldsOf(template), name: `${template.name} (copy)` },
                    })
                  }
                >
                  <Copy className="h-4 w-4" aria-hidden />
                </Button>
                {!template.builtIn && (
                  <>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Edit ${template.name}`}
                      title="Edit"
                      onClick={() => setView({ kind: "edit", template })}
                    >
                      <Pencil className="h-4 w-4" aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Delete ${template.name}`}
                      title="Delete"
                      onClick={() => setView({ kind: "delete", template })}
                    >
                      <Trash2 className="h-4 w-4" aria-hidden />
                    </Button>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
