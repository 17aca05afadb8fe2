import type { BetterAuthOptions } from "better-auth";
import { describeError, stackFrames } from "@/server/log";

type AuthLogger = NonNullable<BetterAuthOptions["logger"]>;

/**
 * Better Auth's log lines, through the app's sanitizer: a failed query it logs (it passes the
 * error, or just its message) loses its parameters, which can hold a session token or an
 * email. Errors keep their stack frames. Its default level (warn) is kept.
 */
export const authLogger: AuthLogger = {
  log(level, message, ...args) {
    const parts = [message, ...args].map((part) => {
      if (typeof part === "string" || part instanceof Error) return describeError(part);
      if (typeof part === "object" && part !== null)
        return typeof (part as { message?: unknown }).message === "string"
          ? describeError(part)
          : "[object not logged]";
      return String(part);
    });
    const frames = level === "error" ? args.map(stackFrames).filter(Boolean) : [];
    const line = [`[auth] ${parts.filter(Boolean).join(" ")}`, ...frames].join("\n");
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
  },
};
