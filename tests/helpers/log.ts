import pino from "pino";
import { vi } from "vitest";
import { logger } from "@/server/logger";

type Stream = { write(line: string): unknown };

/**
 * Catches what the server's logger writes from now on (every child shares its stream), instead
 * of printing it. Tests run with stdout piped, so the lines are JSON.
 */
export function captureLog() {
  const stream = (logger as unknown as Record<symbol, Stream>)[pino.symbols.streamSym] as Stream;
  const write = vi.spyOn(stream, "write").mockImplementation(() => true);
  const lines = () => write.mock.calls.map(([line]) => String(line));
  return {
    /** Everything written, as written. */
    text: () => lines().join(""),
    /** Each line's fields. */
    entries: () => lines().map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
