"use client";

import { FileUp } from "lucide-react";
import { type DragEvent, type FormEvent, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { api } from "@/lib/api-client";
import type { ProjectListBody } from "@/lib/contract/bodies";
import type { Project } from "@/lib/contract/entities";
import type { ImportJob } from "@/lib/contract/imports";
import { type UploadProgress, uploadImport } from "@/lib/import-upload";
import { formatBytes, SUPPORTED_IMPORTS } from "@/lib/import-wording";
import { ImportStatus } from "./import-status";
import { ProgressBar } from "./progress-bar";
import { useImports } from "./use-imports";

const ACCEPT = ".json,.zip,.ndjson,application/json,application/zip,application/x-ndjson";
/** The destination select's value for "a new project named after the source". */
const NEW_PROJECT = "";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The project chosen at first (the one whose pane opened the dialog); else a new one. */
  projectId?: string;
  /** Told of the import once the server has queued it. */
  onStarted?: (job: ImportJob) => void;
}

/**
 * "Import chats…": a file (chosen or dropped), where its chats go, then the upload with its
 * progress and the import's own, live, until it is done or failed. Closing the dialog leaves a
 * queued import running; Settings lists it.
 */
export function ImportDialog({ open, onOpenChange, projectId, onStarted }: Props) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Import chats"
      description={`From ${SUPPORTED_IMPORTS}.`}
      wide
    >
      {/* Mounted while open only, so each opening starts afresh. */}
      {open && (
        <ImportForm
          projectId={projectId}
          onClose={() => onOpenChange(false)}
          onStarted={onStarted}
        />
      )}
    </Dialog>
  );
}

function ImportForm({
  projectId,
  onClose,
  onStarted,
}: {
  projectId?: string;
  onClose: () => void;
  onStarted?: (job: ImportJob) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [destination, setDestination] = useState(projectId ?? NEW_PROJECT);
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [upload, setUpload] = useState<UploadProgress | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const aborter = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const imports = useImports({ load: false });
  const ids = { file: useId(), fileHint: useId(), destination: useId() };

  useEffect(() => {
    api<ProjectListBody>("/api/projects")
      .then((answer) => setProjects(answer.projects))
      .catch(() => setProjects([]));
    // Closing the dialog mid-upload cancels the upload.
    return () => aborter.current?.abort();
  }, []);

  const job = jobId === null ? undefined : imports.jobs.get(jobId);

  function choose(files: FileList | null) {
    setFile(files?.[0] ?? null);
    setError(null);
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    const files = event.dataTransfer.files;
    if (files.length === 0) return;
    // The input holds what was dropped too, so it and the form agree.
    if (input.current) input.current.files = files;
    choose(files);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setError("Choose a file to import.");
      input.current?.focus();
      return;
    }
    setError(null);
    setUpload({ loaded: 0, total: file.size });
    const controller = new AbortController();
    aborter.current = controller;
    try {
      const queued = await uploadImport(file, {
        projectId: destination === NEW_PROJECT ? undefined : destination,
        onProgress: setUpload,
        signal: controller.signal,
      });
      imports.track(queued);
      setJobId(queued.id);
      onStarted?.(queued);
      // Its events may have gone by while the upload's answer was on its way.
      api<{ import: ImportJob }>(`/api/imports/${encodeURIComponent(queued.id)}`)
        .then((answer) => imports.track(answer.import))
        .catch(() => {});
    } catch (e) {
      if (!(e instanceof DOMException && e.name === "AbortError")) setError((e as Error).message);
    } finally {
      aborter.current = null;
      setUpload(null);
    }
  }

  function again() {
    setJobId(null);
    setFile(null);
    setError(null);
  }

  if (job) {
    const finished = job.status === "done" || job.status === "failed";
    return (
      <div className="space-y-4" data-testid="import-progress">
        <ImportStatus job={job} />
        {!finished && (
          <p className="text-xs text-muted-foreground">
            You can close this window: the import goes on, and Settings shows how it is doing.
          </p>
        )}
        <div className="flex justify-end gap-2">
          {finished && (
            <Button variant="secondary" onClick={again}>
              Import another file
            </Button>
          )}
          <Button variant={finished ? "primary" : "secondary"} onClick={onClose}>
            Close
          </Button>
        </div>
      </div>
    );
  }

  if (upload) {
    const percent = upload.total === 0 ? 0 : Math.floor((upload.loaded / upload.total) * 100);
    return (
      <div className="space-y-3" data-testid="import-uploading">
        <p className="truncate text-sm font-medium">Uploading {file?.name}…</p>
        <ProgressBar percent={percent} label={`Upload of ${file?.name ?? "the file"}`} />
        <p className="text-sm text-muted-foreground tabular-nums">
          {formatBytes(upload.loaded)} of {formatBytes(upload.total)}
        </p>
        <div className="flex justify-end">
          <Button variant="secondary" onClick={() => aborter.current?.abort()}>
            Cancel upload
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div>
        <label
          htmlFor={ids.file}
          onDragEnter={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragOver={(event) => event.preventDefault()}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`flex cursor-pointer flex-col items-center gap-1.5 rounded-lg border-2 border-dashed px-4 py-6 text-center hover:bg-accent has-[:focus-visible]:border-ring has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring/30 ${dragging ? "border-ring bg-accent" : "border-input"}`}
          data-testid="import-drop-zone"
        >
          <FileUp className="h-6 w-6 text-muted-foreground" aria-hidden="true" />
          <span className="text-sm font-medium">
            {file ? file.name : "Choose a file, or drop it here"}
          </span>
          <span className="text-xs text-muted-foreground" id={ids.fileHint}>
            {file ? formatBytes(file.size) : ".json, .zip or .ndjson"}
          </span>
          <input
            ref={input}
            id={ids.file}
            type="file"
            name="file"
            accept={ACCEPT}
            aria-describedby={ids.fileHint}
            onChange={(event) => choose(event.currentTarget.files)}
            className="sr-only"
            data-testid="import-file"
          />
        </label>
      </div>
      <div>
        <label htmlFor={ids.destination} className="mb-1.5 block text-sm font-medium">
          Import into
        </label>
        <select
          id={ids.destination}
          value={destination}
          onChange={(event) => setDestination(event.currentTarget.value)}
          className="h-10 w-full rounded-md border border-input bg-card px-3 text-sm focus:border-ring focus:ring-2 focus:ring-ring/30 focus:outline-none"
          data-testid="import-destination"
        >
          <option value={NEW_PROJECT}>A new project, named after the source</option>
          {/* The preselected project, before the list has arrived. */}
          {projects === null && projectId && <option value={projectId}>This project</option>}
          {projects?.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="text-sm text-error-foreground" data-testid="import-error">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" data-testid="import-submit">
          Import
        </Button>
      </div>
    </form>
  );
}
