"use client";

import { FolderOpen, Loader2, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { type ReactNode, useCallback, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Timestamp } from "@/components/ui/timestamp";
import { useWhenVisible } from "@/components/ui/use-when-visible";
import { api } from "@/lib/api-client";
import type { ProjectPage } from "@/lib/contract/bodies";
import type { Project } from "@/lib/contract/entities";
import { CreateProjectDialog } from "./create-project-dialog";

const PAGE = 30;

interface Props {
  initialProjects: Project[];
  initialCursor: string | null;
  /** Below the projects: the chats other people shared with the user. */
  shared?: ReactNode;
}

export function ProjectsDashboard({ initialProjects, initialCursor, shared }: Props) {
  const [projects, setProjects] = useState(initialProjects);
  const [cursor, setCursor] = useState(initialCursor);
  const [loadingMore, setLoadingMore] = useState(false);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await api<ProjectPage>(`/api/projects?limit=${PAGE}&cursor=${cursor}`);
      setProjects((list) => [
        ...list,
        ...page.projects.filter((p) => !list.some((o) => o.id === p.id)),
      ]);
      setCursor(page.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loadingMore]);
  const sentinel = useWhenVisible<HTMLDivElement>(cursor !== null && !loadingMore, loadMore);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Project | null>(null);

  async function confirmDelete() {
    if (!deleting) return;
    await api(`/api/projects/${deleting.id}`, { method: "DELETE" });
    setProjects((list) => list.filter((p) => p.id !== deleting.id));
    setDeleting(null);
  }

  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <div className="mb-6 flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Projects</h1>
        <Button onClick={() => setCreating(true)}>
          <Plus className="h-4 w-4" /> New project
        </Button>
      </div>

      {projects.length === 0 ? (
        <div className="rounded-xl border border-dashed border-input px-6 py-16 text-center">
          <FolderOpen className="mx-auto h-10 w-10 text-muted-foreground" />
          <h2 className="mt-3 font-medium">No projects yet</h2>
          <p className="mt-1 text-sm text-muted-foreground">
            Create a project to start chatting with the AI about it.
          </p>
          <Button className="mt-5" onClick={() => setCreating(true)}>
            <Plus className="h-4 w-4" /> Create your first project
          </Button>
        </div>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Projects">
          {projects.map((project) => (
            <li
              key={project.id}
              data-testid="project-card"
              className="group relative rounded-xl border border-border bg-card p-4 text-card-foreground transition hover:border-ring/50 hover:shadow-sm"
            >
              <Link
                href={`/projects/${project.id}`}
                className="block pr-8 after:absolute after:inset-0"
              >
                <h2 className="truncate font-medium">{project.name}</h2>
              </Link>
              <p className="mt-1 line-clamp-2 min-h-10 text-sm text-muted-foreground">
                {project.description || "No description"}
              </p>
              <div className="mt-3 flex items-center gap-2 text-xs text-muted-foreground">
                <span className="rounded bg-muted px-1.5 py-0.5">{project.type}</span>
                <Timestamp iso={project.updatedAt} prefix="Updated " />
              </div>
              <Button
                variant="ghost"
                size="icon"
                className="absolute top-3 right-3 z-10 text-muted-foreground hover:text-error-foreground"
                aria-label={`Delete ${project.name}`}
                onClick={() => setDeleting(project)}
              >
                <Trash2 className="h-4 w-4" />
              </Button>
            </li>
          ))}
        </ul>
      )}
      {cursor !== null && (
        <div ref={sentinel} className="flex justify-center py-6">
          <Loader2
            className="h-5 w-5 animate-spin text-muted-foreground"
            aria-label="Loading more projects"
          />
        </div>
      )}

      {shared}

      <CreateProjectDialog
        open={creating}
        onOpenChange={setCreating}
        onCreated={(project) => setProjects((list) => [project, ...list])}
      />
      <ConfirmDialog
        open={deleting !== null}
        onCancel={() => setDeleting(null)}
        title="Delete project?"
        description={`"${deleting?.name ?? ""}" and all of its chat sessions and messages will be deleted. This cannot be undone.`}
        confirmLabel="Delete project"
        onConfirm={confirmDelete}
      />
    </main>
  );
}
