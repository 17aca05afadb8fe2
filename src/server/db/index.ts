import "server-only";
import { upsertBuiltInTemplates } from "@/server/queries/built-in-templates";
import { type DatabaseHandle, openDatabase } from "./client";
import { markInterruptedReplies } from "./interrupted-replies";

export type { Database, DatabaseHandle } from "./client";
export { bulkPoolOf } from "./client";

// Kept on globalThis so dev hot reloads reuse the one connection (PGlite allows one per folder).
const holder = globalThis as typeof globalThis & { craftDatabase?: Promise<DatabaseHandle> };

/** The process's database, opened, migrated and swept on first use. */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!holder.craftDatabase) {
    holder.craftDatabase = start().catch((error: unknown) => {
      holder.craftDatabase = undefined; // let the next request try again
      throw error;
    });
  }
  return holder.craftDatabase;
}

async function start(): Promise<DatabaseHandle> {
  const handle = await openDatabase();
  try {
    await handle.migrate();
    // Built-in templates are data the code owns: written after every migration.
    await upsertBuiltInTemplates(handle.db);
    await markInterruptedReplies(handle);
    return handle;
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

/** Closes the process's database, if it was opened (tests, shutdown). */
export async function closeDatabase(): Promise<void> {
  const pending = holder.craftDatabase;
  holder.craftDatabase = undefined;
  if (pending) await (await pending.catch(() => undefined))?.close();
}
