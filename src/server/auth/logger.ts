import type { BetterAuthOptions } from "better-auth";
import { describeError } from "@/server/log";
import { logger } from "@/server/logger";

type AuthLogger = NonNullable<BetterAuthOptions["logger"]>;

const log = logger.child({ area: "auth" });

/**
 * Better Auth's log lines, through the app's logger: a failed query it logs (it passes the
 * error, or just its message) loses its parameters, which can hold a session token or an
 * email. An error keeps its stack frames. Its default level (warn) is kept.
 */
export const authLogger: AuthLogger = {
  log(level, message, ...args) {
    const error = args.find((arg) => arg instanceof Error);
    const text = [message, ...args]
      .filter((part) => part !== error)
      .map((part) => {
        if (typeof part !== "object" || part === null) return String(part);
        return typeof (part as { message?: unknown }).message === "string"
          ? describeError(part)
          : "[object not logged]";
      })
      .filter(Boolean)
      .join(" ");
    const fields = error ? { err: error, ...(level === "error" && { stack: error }) } : {};
    log[level](fields, text);
  },
};
