"use client";

import { CircleAlert, CircleCheck, FileUp, LoaderCircle } from "lucide-react";
import Link from "next/link";
import { Timestamp } from "@/components/ui/timestamp";
import type { ImportJob } from "@/lib/contract/imports";
import {
  formatBytes,
  importCounts,
  importPercent,
  importSourceLabels,
  importStatusText,
} from "@/lib/import-wording";
import { ProgressBar } from "./progress-bar";

/** Where the import's chats are: the project chosen, or the one (or the several) it made. */
function ProjectLink({ job }: { job: ImportJob }) {
  const projectIds = job.projectId ? [job.projectId] : job.createdProjectIds;
  // A failure before the first chat leaves nothing to see there.
  const nothing = job.status === "failed" && job.conversationsImported === 0;
  if (projectIds.length === 0 || nothing) return null;
  const [only] = projectIds;
  const href =
    projectIds.length === 1 && only ? `/projects/${encodeURIComponent(only)}` : "/projects";
  return (
    <Link
      href={href}
      className="text-sm font-medium text-link underline-offset-2 hover:underline"
      data-testid="import-project-link"
    >
      {projectIds.length === 1 ? "Open the project" : `Open the ${projectIds.length} projects`}
    </Link>
  );
}

/** What a screen reader is told, once per change of status (not at every percent). */
function announcement(job: ImportJob): string {
  if (job.status === "queued") return `Import of ${job.fileName} queued.`;
  if (job.status === "running") return `Importing ${job.fileName}.`;
  if (job.status === "done") return `Import of ${job.fileName} done: ${importCounts(job)}.`;
  return `Import of ${job.fileName} failed: ${job.error ?? "it stopped"}.`;
}

/** One import: its file, its source, its progress while it runs, then how it ended. */
export function ImportStatus({ job }: { job: ImportJob }) {
  const percent = importPercent(job);
  const finished = job.status === "done" || job.status === "failed";
  return (
    <div className="min-w-0" data-testid="import-status" data-status={job.status}>
      <div className="flex min-w-0 items-center gap-2">
        {job.status === "done" ? (
          <CircleCheck className="h-4 w-4 shrink-0 text-link" aria-hidden="true" />
        ) : job.status === "failed" ? (
          <CircleAlert className="h-4 w-4 shrink-0 text-error-foreground" aria-hidden="true" />
        ) : job.status === "running" ? (
          <LoaderCircle
            className="h-4 w-4 shrink-0 animate-spin text-muted-foreground motion-reduce:animate-none"
            aria-hidden="true"
          />
        ) : (
          <FileUp className="h-4 w-4 shrink-0 text-muted-foreground" aria-hidden="true" />
        )}
        <span className="min-w-0 flex-1 truncate text-sm font-medium" title={job.fileName}>
          {job.fileName}
        </span>
        {job.source && (
          <span className="shrink-0 rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground">
            {importSourceLabels[job.source]}
          </span>
        )}
      </div>
      {!finished && (
        <ProgressBar percent={percent} label={`Import of ${job.fileName}`} className="mt-2" />
      )}
      <p
        className={`mt-1.5 text-sm ${job.status === "failed" ? "text-error-foreground" : "text-muted-foreground"}`}
        data-testid="import-status-text"
      >
        {importStatusText(job)}
        {job.status === "running" && job.totalBytes > 0 && (
          <span className="tabular-nums">
            {" "}
            · {formatBytes(job.bytesRead)} of {formatBytes(job.totalBytes)}
          </span>
        )}
      </p>
      <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
        {finished && <ProjectLink job={job} />}
        <Timestamp
          iso={job.createdAt}
          prefix="Started "
          className="text-xs text-muted-foreground"
        />
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement(job)}
      </p>
    </div>
  );
}
