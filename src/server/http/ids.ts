import { notFound } from "./errors";
import { ID_PATTERN } from "./schemas/common";

/** An id from a path or query: one that cannot exist answers 404, like one that does not. */
export function lookupId(value: string | null | undefined, what: string): string {
  if (typeof value !== "string" || !ID_PATTERN.test(value)) throw notFound(what);
  return value;
}
