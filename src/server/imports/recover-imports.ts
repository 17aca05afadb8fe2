import "server-only";
import type { Database } from "@/server/db";
import { logger } from "@/server/logger";
import { claimImport, IMPORT_LEASE_SECONDS, listAbandonedImports } from "@/server/queries/imports";
import { type ImportOpener, startImport } from "./run-import";

const log = logger.child({ area: "import" });

/**
 * Takes up the imports whose worker died (a crash, a restart, another instance gone): each is
 * run again from the start of its file, and what it wrote before is skipped (its
 * imported_conversations rows), so nothing is written twice. Answers how many it started.
 */
export async function resumeAbandonedImports(db: Database, open?: ImportOpener): Promise<number> {
  let started = 0;
  for (const id of await listAbandonedImports(db)) {
    const claimed = await claimImport(db, id);
    if (!claimed) continue; // another instance took it first
    log.info({ importId: id }, "resuming an interrupted import");
    startImport(db, claimed, open);
    started += 1;
  }
  return started;
}

/** At start-up and then on a timer: an instance that died leaves its imports to expire. */
export function watchAbandonedImports(db: Database): void {
  const resume = () =>
    resumeAbandonedImports(db).catch((error) =>
      log.warn({ err: error }, "could not look for interrupted imports"),
    );
  void resume();
  setInterval(resume, (IMPORT_LEASE_SECONDS / 2) * 1000).unref();
}
