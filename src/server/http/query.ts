import type { z } from "zod";

/** The URL's query parameters parsed by a schema; a ZodError (400) names what is wrong. */
export function parseQuery<T extends z.ZodType>(url: URL, schema: T): z.infer<T> {
  return schema.parse(Object.fromEntries(url.searchParams));
}
