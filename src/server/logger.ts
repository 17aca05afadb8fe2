import pino, { type DestinationStream } from "pino";
import { prettyFactory } from "pino-pretty";
import { logLevelFromEnv } from "@/env";
import { describeError, stackFrames } from "@/server/log";

/**
 * The server's log. One JSON line per event on stdout, or, when stdout is a terminal (or under
 * `next dev`), the same events pretty for a person. Each part of the server logs through its
 * own child, which names it: `logger.child({ area: "chat" })`. Errors go under `err` (one line,
 * see describeError) and, where the code path is worth seeing, under `stack` too (its frames).
 *
 * Whatever a caller passes, no query parameter is written: `err`, `stack` and the message have
 * serializers built on describeError and stackFrames (pino makes an error's own message the
 * message when there is none), and an error under any other key, or given as a value to
 * interpolate, is described the same way.
 */
export const logger = pino(
  {
    level: logLevelFromEnv(),
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      err: describeError,
      stack: (error: unknown) => stackFrames(error) || undefined,
      msg: (msg: unknown) => (typeof msg === "string" && msg ? describeError(msg) : msg),
    },
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) =>
        Object.fromEntries(
          Object.entries(fields).map(([key, value]) => [
            key,
            value instanceof Error && key !== "err" && key !== "stack"
              ? describeError(value)
              : value,
          ]),
        ),
    },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args;
        const safe = rest.map((arg) => (arg instanceof Error ? describeError(arg) : arg));
        (method as (...values: unknown[]) => void).apply(this, [first, ...safe]);
      },
    },
  },
  destination(),
);

/**
 * Synchronous writes, as console's are to a pipe or a terminal: a line logged just before
 * process.exit or a kill -9 is not lost. Pretty printing runs in this thread rather than as a
 * pino transport (a worker thread): nothing to resolve inside Next's bundle, nothing in flight.
 * `next dev` pipes its server's output through itself, to a person all the same.
 */
function destination(): DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: true });
  if (!process.stdout.isTTY && process.env.NODE_ENV !== "development") return stdout;
  const pretty = prettyFactory({
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname,area",
    messageFormat: "{if area}[{area}] {end}{msg}",
    customPrettifiers: { err: String, stack: (frames) => `\n${frames}` },
  });
  return { write: (line: string) => stdout.write(pretty(line)) };
}
