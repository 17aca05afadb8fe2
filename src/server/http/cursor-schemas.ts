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
