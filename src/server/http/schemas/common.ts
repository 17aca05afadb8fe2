import { z } from "zod";
// Types for `.meta()`'s OpenAPI fields (override, id); nothing at run time.
import type {} from "zod-openapi";

const TEXT_RULES = "No NUL character and no lone surrogate.";

/** Text PostgreSQL can store and JSON can carry back unchanged: no NUL, no lone surrogate. */
export const safeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes("\u0000"), "must not contain a NUL character")
    .refine((s) => s.isWellFormed(), "must not contain a lone surrogate");

/** Length in characters as people count them: an emoji is one, not two UTF-16 units. */
export const codePoints = (s: string) => (s.length <= 1 ? s.length : [...s].length);

/** A display name: trimmed, 1–200 characters. */
export const nameText = safeText(10_000)
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, "must not be empty")
      .refine((s) => codePoints(s) <= 200, "must be at most 200 characters"),
  )
  .meta({ description: `Trimmed, then 1–200 characters. ${TEXT_RULES}` });

/**
 * The text without the byte order marks it starts with: PGlite cannot read one back, so both
 * databases store none. All of them: dropping one would leave the next at the start.
 */
export const withoutLeadingBom = (s: string) => s.replace(/^\uFEFF+/, "");

/** Free text, or null to clear it. Leading byte order marks are dropped. */
export const descriptionText = safeText(10_000)
  .transform(withoutLeadingBom)
  .nullable()
  .meta({ description: `Free text, or null to clear it. ${TEXT_RULES}` });

/** Ids this app hands out (cuid2) and ids clients may choose for messages. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const idParam = z.string().regex(ID_PATTERN, "is not a valid id");
/** An id a client may choose for its message. */
export const clientId = z.string().regex(ID_PATTERN, "must be 1-64 letters, digits, _ or -");

/** The page size when a cursor comes without a `limit`. */
export const DEFAULT_PAGE_SIZE = 50;

/** A page size in a query string: 1 to `max`. */
export const limitParam = (max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,4}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(1, "must be at least 1").max(max, `must be at most ${max}`))
    // Read as digits, then range-checked: to a caller, an integer.
    .meta({
      override: ({ jsonSchema }) => {
        delete jsonSchema.pattern;
        Object.assign(jsonSchema, { type: "integer", minimum: 1, maximum: max });
      },
    });

export const pageLimit = limitParam(200);

/** The query of a list paged newest first: `limit`, and the `cursor` a page hands out. */
export const newestFirstPage = {
  limit: pageLimit
    .optional()
    .meta({ description: "Page size, 1–200; a `cursor` without it pages by 50" }),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .meta({ description: "The `nextCursor` of the previous page" }),
};
