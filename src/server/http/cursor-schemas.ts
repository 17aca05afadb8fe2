import { z } from "zod";
import { ID_PATTERN } from "./schemas/common";

/** A recency cursor (lists ordered by updatedAt, then id): dates PostgreSQL holds, our ids. */
export const recencyCursor = z.object({
  updatedAt: z.iso
    .datetime()
    .transform((iso) => new Date(iso))
    .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999),
  id: z.string().regex(ID_PATTERN),
});

/** Where a page of a project's sessions starts: list order is pinned first, then recency. */
export const sessionListCursor = recencyCursor.extend({ pinned: z.boolean() });

const cursorDate = z.iso
  .datetime()
  .transform((iso) => new Date(iso))
  .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999);

/** Where a search page starts: the last result of the previous one, in its order. */
export const searchCursor = z.discriminatedUnion("order", [
  z.strictObject({
    order: z.literal("relevance"),
    rank: z.number(),
    kind: z.union([z.literal(0), z.literal(1)]),
    id: z.string().regex(ID_PATTERN),
    // The first page's time: later pages rank the same matches.
    until: cursorDate,
  }),
  z.strictObject({
    order: z.literal("newest"),
    createdAt: cursorDate,
    kind: z.union([z.literal(0), z.literal(1)]),
    id: z.string().regex(ID_PATTERN),
  }),
]);

/** Where a page of "shared with me" starts: the last share of the previous page. */
export const sharedCursor = z.strictObject({
  sharedAt: cursorDate,
  id: z.string().regex(ID_PATTERN),
});
