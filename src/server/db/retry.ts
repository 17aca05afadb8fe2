import { logger } from "@/server/logger";
import { isDatabaseUnavailable } from "./errors";

const log = logger.child({ area: "chat" });

/**
 * Runs `attempt` again while the database is unreachable (a restart, a dropped connection),
 * backing off from 100 ms up to 2 s, for at most `forMs`; any other error is thrown at once.
 * `doing` names the work in the log ("saving the reply").
 */
export async function retryWhileDatabaseDown<T>(
  attempt: () => Promise<T>,
  { forMs, doing }: { forMs: number; doing: string },
): Promise<T> {
  const giveUpAt = Date.now() + forMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + wait > giveUpAt) throw error;
      log.warn(`database unavailable, ${doing} again in ${wait} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
