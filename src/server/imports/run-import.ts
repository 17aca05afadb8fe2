import "server-only";
import { rm } from "node:fs/promises";
import type { CacheScope } from "@/server/cache/response-cache";
import type { Database } from "@/server/db";
import { isDatabaseUnavailable } from "@/server/db/errors";
import {
  type ImportedConversation,
  type ImportFile,
  ImportFormatError,
  type ImportSource,
} from "@/server/import-formats/conversation";
import { openImportFile } from "@/server/import-formats/open-import-file";
import { announce } from "@/server/live/events";
import { logger } from "@/server/logger";
import {
  finishImport,
  IMPORT_LEASE_SECONDS,
  type ImportRow,
  importConversation,
  projectForImport,
  renewImportLease,
  skipIfImported,
  toImportJson,
  updateImportProgress,
} from "@/server/queries/imports";

const log = logger.child({ area: "import" });

/** Opens an uploaded file for reading: detects its format (src/server/import). */
export type ImportOpener = (path: string) => Promise<ImportFile>;

/** Progress is written and told to the user's tabs at most this often. */
const PROGRESS_EVERY_MS = 250;

/** The project made for a source's conversations when no project was chosen. */
const sourceProjectNames: Record<ImportSource, string> = {
  craft: "Craft import",
  chatgpt: "ChatGPT import",
  openwebui: "Open WebUI import",
  librechat: "LibreChat import",
};

const running = new Map<string, Promise<void>>();

/**
 * Runs an import whose lease the caller holds, in the background (never awaited by a
 * request). Does nothing when this process already runs it.
 */
export function startImport(db: Database, row: ImportRow, open: ImportOpener = openImportFile) {
  if (running.has(row.id)) return;
  const done = runImport(db, row, open).finally(() => running.delete(row.id));
  running.set(row.id, done);
}

/** The run of an import in this process, to wait for (tests, shutdown); undefined: none. */
export function importRun(id: string): Promise<void> | undefined {
  return running.get(id);
}

/**
 * Checks the whole file, then reads it again a conversation at a time and writes each whole (importConversation), telling
 * the user's tabs how far it is; ends done, or failed with a message for the user. The upload
 * is deleted at the end. When the database goes away the import is left as it is, its lease to
 * expire, and recovery (recover-imports.ts) takes it up again: what was written is skipped.
 */
async function runImport(db: Database, row: ImportRow, open: ImportOpener): Promise<void> {
  let file: ImportFile | null = null;
  let current = row;
  const touched = new Map<string, CacheScope>();
  let reportedAt = 0;
  const report = async (force: boolean) => {
    if (!force && Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
    reportedAt = Date.now();
    if (file) {
      const moved = await updateImportProgress(db, {
        id: row.id,
        source: file.source,
        totalBytes: file.totalBytes,
        bytesRead: Math.min(file.bytesRead(), file.totalBytes),
      });
      if (!moved) throw new ImportStopped();
      current = moved;
    }
    await tell(current, [...touched.values()]);
    touched.clear();
  };
  // A conversation may take a while to read or write: the lease must not lapse meanwhile.
  const lease = setInterval(
    () => void renewImportLease(db, row.id).catch(() => {}),
    (IMPORT_LEASE_SECONDS * 1000) / 3,
  );
  lease.unref();
  try {
    // A file that is wrong somewhere is refused before anything of it is written.
    await readThrough(open, row.filePath);
    file = await open(row.filePath);
    await report(true);
    const projects = new Map<string, string>();
    for await (const conversation of file.conversations()) {
      // Asked before a project is made for it: a skipped conversation needs none.
      const skipped = await skipIfImported(db, {
        userId: row.userId,
        importId: row.id,
        conversation,
      });
      if (skipped) {
        if (skipped.kind === "skipped") current = skipped.row;
        await report(false);
        continue;
      }
      const projectId = row.projectId ?? (await projectFor(db, { row, conversation, projects }));
      const outcome = await importConversation(db, {
        userId: row.userId,
        importId: row.id,
        projectId,
        conversation,
      });
      if (outcome.kind !== "resumed") current = outcome.row;
      if (outcome.kind === "imported") touched.set(projectId, { kind: "project", id: projectId });
      await report(false);
    }
    await report(true);
    await end(db, current, null, [...touched.values()]);
  } catch (error) {
    if (error instanceof ImportStopped) return;
    if (isDatabaseUnavailable(error)) {
      log.warn({ err: error, importId: row.id }, "database unavailable; the import resumes later");
      return;
    }
    if (error instanceof ImportFormatError) {
      await end(db, current, error.message, [...touched.values()]);
    } else {
      log.error({ err: error, importId: row.id }, "the import failed");
      await end(
        db,
        current,
        "The import stopped: something went wrong on the server. What was imported so far stays; try the file again later.",
        [...touched.values()],
      );
    }
  } finally {
    clearInterval(lease);
    await file?.close().catch(() => {});
  }
}

/** Reads every conversation of the file once, writing nothing: a bad one throws here. */
async function readThrough(open: ImportOpener, path: string): Promise<void> {
  const file = await open(path);
  try {
    for await (const _conversation of file.conversations()) {
      // Each is checked as it is read; nothing is kept.
    }
  } finally {
    await file.close();
  }
}

/** Finishes the import, deletes its upload and tells the user's tabs. */
async function end(db: Database, row: ImportRow, error: string | null, stale: CacheScope[]) {
  try {
    const finished = await finishImport(db, { id: row.id, error });
    await rm(row.filePath, { force: true });
    if (finished) await tell(finished, stale);
  } catch (failure) {
    log.error({ err: failure, importId: row.id }, "could not finish the import");
  }
}

function tell(row: ImportRow, stale: CacheScope[]) {
  return announce(row.userId, { type: "import", import: toImportJson(row) }, stale);
}

/**
 * The project a conversation goes in when none was chosen: its own project, recreated once
 * per import, for a Craft export; one project named after the source for the others.
 */
async function projectFor(
  db: Database,
  {
    row,
    conversation,
    projects,
  }: { row: ImportRow; conversation: ImportedConversation; projects: Map<string, string> },
): Promise<string> {
  const origin = conversation.craft?.project;
  const key = origin ? `craft:${origin.sourceId}` : conversation.source;
  const known = projects.get(key);
  if (known) return known;
  const now = new Date();
  const id = await projectForImport(db, {
    userId: row.userId,
    importId: row.id,
    key,
    project: origin ?? {
      name: sourceProjectNames[conversation.source],
      description: null,
      projectType: "document",
      status: "active",
      files: {},
      createdAt: now,
      updatedAt: now,
    },
  });
  projects.set(key, id);
  return id;
}

/** The import was finished meanwhile (by another worker): this run stops quietly. */
class ImportStopped extends Error {
  override name = "ImportStopped";
}
