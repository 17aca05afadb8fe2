import { env } from "@/env";
import { activeReplyCount, waitForActiveReplies } from "@/server/ai/active-replies";
import { closeDatabase } from "@/server/db";
import { logger } from "@/server/logger";
import { stopSummaries } from "@/server/summaries/summarize-session";

const log = logger.child({ area: "craft" });
const holder = globalThis as typeof globalThis & { craftShuttingDown?: boolean };

/** True once the server was asked to stop: no new replies start. */
export function isShuttingDown(): boolean {
  return holder.craftShuttingDown === true;
}

/**
 * On SIGTERM or SIGINT: refuse new replies, let the running ones finish and be saved (for at
 * most SHUTDOWN_GRACE_MS), close the database, exit. Needs NEXT_MANUAL_SIG_HANDLE=true
 * (npm start sets it): otherwise Next exits at once on the signal.
 */
export function handleShutdownSignals(): void {
  if (process.env.NEXT_MANUAL_SIG_HANDLE !== "true") return;
  const shutdown = async (signal: string) => {
    if (holder.craftShuttingDown) return;
    holder.craftShuttingDown = true;
    const running = activeReplyCount();
    log.info(`${signal}: finishing ${running} repl${running === 1 ? "y" : "ies"}, then exiting`);
    // A summary run is background work: stopped (its lease given back), not waited for.
    await Promise.all([waitForActiveReplies(env().SHUTDOWN_GRACE_MS), stopSummaries(2_000)]);
    // The last bytes of a finished stream still pass through Next to the socket.
    await new Promise((resolve) => setTimeout(resolve, 250));
    // Bounded: a connection stuck in a dead transaction must not keep the process alive.
    const closed = closeDatabase().catch((error: unknown) =>
      log.error({ err: error }, "could not close the database"),
    );
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
