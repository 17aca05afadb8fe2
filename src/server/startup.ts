import { getDatabase } from "@/server/db";
import { isDatabaseUnavailable } from "@/server/db/errors";

/**
 * Opens the database before the first request. A database that is down is not fatal: the
 * server comes up, answers 503, and keeps retrying here until it can migrate. Anything else
 * (a locked PGlite folder, a broken migration) stops the server with a plain message.
 */
export async function openAtStartup(): Promise<void> {
  try {
    const { driver } = await getDatabase();
    console.log(`[craft] database ready (${driver})`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!isDatabaseUnavailable(error)) {
      console.error(`[craft] cannot open the database: ${message}`);
      process.exit(1);
    }
    console.error(`[craft] database unavailable (${message}); retrying in 2 s`);
    setTimeout(() => void openAtStartup(), 2_000).unref();
  }
}
