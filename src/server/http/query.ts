import type { z } from "zod";

/**
 * The URL's query parameters parsed by a schema; a ZodError (400) names what is wrong. A
 * parameter given more than once (`tag=a&tag=b`) arrives as an array.
 */
export function parseQuery<T extends z.ZodType>(url: URL, schema: T): z.infer<T> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return schema.parse(query);
}
