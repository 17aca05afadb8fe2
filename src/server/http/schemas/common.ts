import { z } from "zod";

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
  );

/** Ids this app hands out (cuid2) and ids clients may choose for messages. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const idParam = z.string().regex(ID_PATTERN, "is not a valid id");

/** The page size when a cursor comes without a `limit`. */
export const DEFAULT_PAGE_SIZE = 50;

export const pageLimit = z
  .string()
  .regex(/^[0-9]{1,4}$/, "must be a whole number")
  .transform(Number)
  .pipe(z.number().min(1, "must be at least 1").max(200, "must be at most 200"));
