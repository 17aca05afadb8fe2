import { chatModel, ProviderConfigError } from "@/server/ai/provider";
import { listenForStops } from "@/server/ai/stop";
import { getDatabase } from "@/server/db";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { markInterruptedReplies, STREAM_HEARTBEAT_MS } from "@/server/db/interrupted-replies";
import { watchAbandonedImports } from "@/server/imports/recover-imports";
import { logger } from "@/server/logger";
import { handleShutdownSignals } from "@/server/shutdown";

const log = logger.child({ area: "craft" });

/**
 * Runs once when the server starts. Opens the database before the first request; one that is
 * down is not fatal (the server answers 503 and this keeps retrying), anything else (a locked
 * PGlite folder, a broken migration) stops the server with a plain message. Reports the AI
 * provider, and a misconfigured one, without stopping: chat answers 503 until it is fixed.
 */
export async function openAtStartup(): Promise<void> {
  reportProvider();
  listenForStops();
  handleShutdownSignals();
  await openDatabase();
}

async function openDatabase(): Promise<void> {
  try {
    const handle = await getDatabase();
    log.info(`database ready (${handle.driver})`);
    watchAbandonedImports(handle.db);
    if (handle.driver === "postgres") {
      // Another instance may have died mid-reply at any time, not only before we started.
      setInterval(() => {
        markInterruptedReplies(handle).catch(() => {});
      }, 6 * STREAM_HEARTBEAT_MS).unref();
    }
  } catch (error) {
    if (!isDatabaseUnavailable(error)) {
      log.fatal({ err: error }, "cannot open the database");
      process.exit(1);
    }
    log.warn({ err: error }, "database unavailable; retrying in 2 s");
    setTimeout(() => void openDatabase(), 2_000).unref();
  }
}

function reportProvider(): void {
  try {
    log.info(`AI provider: ${chatModel().label}`);
  } catch (error) {
    if (!(error instanceof ProviderConfigError)) throw error;
    log.error(`AI provider misconfigured: ${error.message}. Chat answers 503 until it is fixed.`);
  }
}
