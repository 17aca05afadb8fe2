import { chatModel, ProviderConfigError } from "@/server/ai/provider";
import { listenForStops } from "@/server/ai/stop";
import { getDatabase } from "@/server/db";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { markInterruptedReplies, STREAM_HEARTBEAT_MS } from "@/server/db/interrupted-replies";
import { describeError } from "@/server/log";
import { handleShutdownSignals } from "@/server/shutdown";

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
    console.log(`[craft] database ready (${handle.driver})`);
    if (handle.driver === "postgres") {
      // Another instance may have died mid-reply at any time, not only before we started.
      setInterval(() => {
        markInterruptedReplies(handle).catch(() => {});
      }, 6 * STREAM_HEARTBEAT_MS).unref();
    }
  } catch (error) {
    const message = describeError(error);
    if (!isDatabaseUnavailable(error)) {
      console.error(`[craft] cannot open the database: ${message}`);
      process.exit(1);
    }
    console.error(`[craft] database unavailable (${message}); retrying in 2 s`);
    setTimeout(() => void openDatabase(), 2_000).unref();
  }
}

function reportProvider(): void {
  try {
    console.log(`[craft] AI provider: ${chatModel().label}`);
  } catch (error) {
    if (!(error instanceof ProviderConfigError)) throw error;
    console.error(
      `[craft] AI provider misconfigured: ${error.message}. Chat answers 503 until it is fixed.`,
    );
  }
}
