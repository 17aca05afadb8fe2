"use client";

import { useCallback, useEffect, useState } from "react";
import { useLiveEvents } from "@/components/workspace/live-events";
import { api } from "@/lib/api-client";
import type { ImportJob } from "@/lib/contract/imports";
import { laterImportState } from "@/lib/import-wording";

type Jobs = ReadonlyMap<string, ImportJob>;

function merged(jobs: Jobs, incoming: ImportJob[]): Jobs {
  const next = new Map(jobs);
  for (const job of incoming) {
    const known = next.get(job.id);
    next.set(job.id, known ? laterImportState(known, job) : job);
  }
  return next;
}

/**
 * The user's imports as they move on: what `track` is given (a 202's answer), what the live
 * `import` events say, and, with `load`, the recent ones from GET /api/imports (read again
 * after the event stream was down, so a reload or a dropped stream shows the truth).
 */
export function useImports({ load }: { load: boolean }) {
  const [jobs, setJobs] = useState<Jobs>(new Map());
  const [loaded, setLoaded] = useState(!load);

  const track = useCallback((job: ImportJob) => setJobs((known) => merged(known, [job])), []);

  const reload = useCallback(async () => {
    const { imports } = await api<{ imports: ImportJob[] }>("/api/imports");
    setJobs((known) => merged(known, imports));
    setLoaded(true);
  }, []);

  useEffect(() => {
    if (load) void reload().catch(() => setLoaded(true));
  }, [load, reload]);

  useLiveEvents((event) => {
    if (event.type === "import") track(event.import);
    else if (event.type === "resync") {
      if (load) void reload().catch(() => {});
      // A tracked import's events may have been missed: read each still under way.
      for (const job of jobs.values()) {
        if (job.finishedAt !== null) continue;
        void api<{ import: ImportJob }>(`/api/imports/${encodeURIComponent(job.id)}`)
          .then((answer) => track(answer.import))
          .catch(() => {});
      }
    }
  });

  // Newest first, as the API lists them.
  const list = [...jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { jobs, list, loaded, track };
}
