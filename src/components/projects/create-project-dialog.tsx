"use client";

import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input, Label, Textarea } from "@/components/ui/input";
import { api } from "@/lib/api-client";
import type { ProjectBody } from "@/lib/contract/bodies";
import type { Project } from "@/lib/contract/entities";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (project: Project) => void;
}

export function CreateProjectDialog({ open, onOpenChange, onCreated }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const description = String(form.get("description") ?? "").trim();
    setPending(true);
    setError(null);
    try {
      const { project } = await api<ProjectBody>("/api/projects", {
        method: "POST",
        body: { name: form.get("name"), description: description || undefined },
      });
      onCreated(project);
      onOpenChange(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New project">
      <form onSubmit={onSubmit} className="space-y-4">
        <div>
          <Label htmlFor="project-name">Name</Label>
          <Input id="project-name" name="name" required maxLength={200} autoFocus />
        </div>
        <div>
          <Label htmlFor="project-description">Description (optional)</Label>
          <Textarea id="project-description" name="description" rows={3} maxLength={10_000} />
        </div>
        {error && (
          <p role="alert" className="text-sm text-error-foreground">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create project"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
