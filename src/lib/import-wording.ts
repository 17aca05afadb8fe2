import type { ImportJob, ImportSource } from "./contract/imports";

// How an import and its source read in the interface.

export const importSourceLabels: Record<ImportSource, string> = {
  chatgpt: "ChatGPT",
  openwebui: "Open WebUI",
  librechat: "LibreChat",
  craft: "Craft",
};

export const SUPPORTED_IMPORTS =
  "ChatGPT (conversations.json or the zip it mails), Open WebUI, LibreChat and Craft exports";

const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

/** "3 chats imported, 1 skipped (already imported)". */
export function importCounts(job: ImportJob): string {
  const imported = `${plural(job.conversationsImported, "chat", "chats")} imported`;
  if (job.conversationsSkipped === 0) return imported;
  return `${imported}, ${job.conversationsSkipped.toLocaleString("en")} skipped (already imported)`;
}

/** One sentence on where the import is, for the status line and the live region. */
export function importStatusText(job: ImportJob): string {
  switch (job.status) {
    case "queued":
      return "Waiting to start…";
    case "running":
      // The job reads the whole file once before it writes (run-import.ts).
      if (job.source === null) return "Checking the file…";
      return `Importing: ${importCounts(job)}`;
    case "done":
      return `Done: ${importCounts(job)}`;
    case "failed":
      return `Failed: ${job.error ?? "the import stopped"}`;
  }
}

/** Read so far, as a whole percentage (0 before the size is known). */
export function importPercent(job: ImportJob): number {
  if (job.status === "done") return 100;
  if (job.totalBytes === 0) return 0;
  return Math.min(100, Math.floor((job.bytesRead / job.totalBytes) * 100));
}

const statusRank = { queued: 0, running: 1, done: 2, failed: 2 } as const;

/**
 * The later of two states of one import: the 202's answer, a GET and the live events may
 * arrive in any order, and an older one must not undo a newer.
 */
export function laterImportState(a: ImportJob, b: ImportJob): ImportJob {
  if (statusRank[a.status] !== statusRank[b.status]) {
    return statusRank[a.status] > statusRank[b.status] ? a : b;
  }
  return b.bytesRead >= a.bytesRead ? b : a;
}

/** "12 MB": a size for people. */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${shown.toLocaleString("en")} ${units[unit]}`;
}
