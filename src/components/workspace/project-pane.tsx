"use client";

import { FileText, X } from "lucide-react";
import { useState } from "react";
import { Timestamp } from "@/components/ui/timestamp";
import type { Project } from "@/lib/contract/entities";

/** The project beside the chat: what it is, and its files with a viewer. */
export function ProjectPane({ project }: { project: Project }) {
  const paths = Object.keys(project.files).sort();
  const [open, setOpen] = useState<string | null>(null);
  const content = open === null ? null : project.files[open];

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="project-pane">
      <div className="border-b border-zinc-200 p-4 dark:border-zinc-800">
        <h1 className="text-lg font-semibold break-words" data-testid="project-name">
          {project.name}
        </h1>
        <p className="mt-1 text-sm whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">
          {project.description || "No description."}
        </p>
        <div className="mt-3 flex flex-wrap items-center gap-2 text-xs text-zinc-500">
          <span className="rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800">{project.type}</span>
          <span className="rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800">
            {project.status}
          </span>
          <Timestamp iso={project.updatedAt} prefix="Updated " />
        </div>
      </div>
      <div className="flex min-h-0 flex-1 flex-col">
        <h2 className="px-4 pt-3 pb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
          Files ({paths.length})
        </h2>
        {paths.length === 0 ? (
          <p className="px-4 py-2 text-sm text-zinc-500">No files in this project yet.</p>
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
                  className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left font-mono text-xs hover:bg-zinc-100 aria-[current]:bg-indigo-50 dark:hover:bg-zinc-800 dark:aria-[current]:bg-indigo-950/60"
                >
                  <FileText className="h-3.5 w-3.5 shrink-0 text-zinc-400" />
                  <span className="truncate">{path}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {open !== null && content !== undefined && content !== null && (
          <section
            className="flex min-h-0 flex-1 flex-col border-t border-zinc-200 dark:border-zinc-800"
            aria-label={`File ${open}`}
          >
            <div className="flex items-center gap-2 px-4 py-2">
              <span className="min-w-0 flex-1 truncate font-mono text-xs font-medium">{open}</span>
              <button
                type="button"
                onClick={() => setOpen(null)}
                aria-label="Close the file"
                className="rounded p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
              >
                <X className="h-3.5 w-3.5" />
              </button>
            </div>
            <pre
              className="min-h-0 flex-1 overflow-auto bg-zinc-50 px-4 py-2 font-mono text-xs leading-relaxed dark:bg-zinc-900"
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
