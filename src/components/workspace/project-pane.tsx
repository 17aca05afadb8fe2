"use client";

import { Download, FileText, Upload, X } from "lucide-react";
import { useState } from "react";
import { ImportDialog } from "@/components/imports/import-dialog";
import { Button, buttonVariants } from "@/components/ui/button";
import { Timestamp } from "@/components/ui/timestamp";
import type { Project } from "@/lib/contract/entities";
import { projectExportUrl } from "@/lib/export-links";

/** The project beside the chat: what it is, and its files with a viewer. */
export function ProjectPane({ project }: { project: Project }) {
  const paths = Object.keys(project.files).sort();
  const [open, setOpen] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const content = open === null ? null : project.files[open];

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="project-pane">
      <div className="border-b border-border p-4">
        <h1 className="text-lg font-semibold break-words" data-testid="project-name">
          {project.name}
        </h1>
        <p className="mt-1 text-sm whitespace-pre-wrap text-muted-foreground">
          {project.description || "No description."}
        </p>
        <div className="mt-3 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
          <span className="rounded bg-muted px-1.5 py-0.5">{project.type}</span>
          <span className="rounded bg-muted px-1.5 py-0.5">{project.status}</span>
          <Timestamp iso={project.updatedAt} prefix="Updated " />
        </div>
        <div className="mt-3 flex flex-wrap gap-2">
          {/* A plain download: the browser shows its progress, however long it streams. */}
          <a
            href={projectExportUrl(project.id)}
            download
            className={buttonVariants({ variant: "secondary", size: "sm" })}
            title="Every chat of this project, every version, as one NDJSON file"
            data-testid="export-project"
          >
            <Download className="h-3.5 w-3.5" aria-hidden="true" /> Export project
          </a>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => setImporting(true)}
            title="Chats from ChatGPT, Open WebUI, LibreChat or Craft, into this project"
            data-testid="import-into-project"
          >
            <Upload className="h-3.5 w-3.5" aria-hidden="true" /> Import chats…
          </Button>
        </div>
        <ImportDialog open={importing} onOpenChange={setImporting} projectId={project.id} />
      </div>
      <div className="flex min-h-0 flex-1 flex-col">
        <h2 className="px-4 pt-3 pb-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
          Files ({paths.length})
        </h2>
        {paths.length === 0 ? (
          <p className="px-4 py-2 text-sm text-muted-foreground">No files in this project yet.</p>
        ) : (
          <ul
            className={`overflow-y-auto px-2 ${content === null ? "flex-1" : "max-h-40"}`}
            aria-label="Files"
          >
            {paths.map((path) => (
              <li key={path}>
                <button
                  type="button"
                  onClick={() => setOpen(path)}
                  aria-current={open === path ? "true" : undefined}
                  className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left font-mono text-xs hover:bg-accent aria-[current]:bg-highlight"
                >
                  <FileText className="h-3.5 w-3.5 shrink-0 text-muted-foreground" />
                  <span className="truncate">{path}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {open !== null && content !== undefined && content !== null && (
          <section
            className="flex min-h-0 flex-1 flex-col border-t border-border"
            aria-label={`File ${open}`}
          >
            <div className="flex items-center gap-2 px-4 py-2">
              <span className="min-w-0 flex-1 truncate font-mono text-xs font-medium">{open}</span>
              <button
                type="button"
                onClick={() => setOpen(null)}
                aria-label="Close the file"
                className="rounded p-1 hover:bg-accent"
              >
                <X className="h-3.5 w-3.5" />
              </button>
            </div>
            <pre
              className="min-h-0 flex-1 overflow-auto bg-muted/50 px-4 py-2 font-mono text-xs leading-relaxed"
              data-testid="file-viewer"
            >
              {content}
            </pre>
          </section>
        )}
      </div>
    </div>
  );
}
