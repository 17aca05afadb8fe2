import { z } from "zod";
import { tagColors } from "@/lib/contract/entities";
import { MAX_TAG_NAME } from "@/lib/contract/limits";
import { codePoints, safeText } from "./common";

/** A tag's name: trimmed, 1 to MAX_TAG_NAME characters; unique per user whatever the case. */
const tagName = safeText(10_000)
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, "must not be empty")
      .refine((s) => codePoints(s) <= MAX_TAG_NAME, `must be at most ${MAX_TAG_NAME} characters`),
  )
  .meta({
    description: `Trimmed, then 1–${MAX_TAG_NAME} characters; unique among your tags whatever the case (409 otherwise).`,
  });

const tagColor = z.enum(tagColors, { error: `must be one of ${tagColors.join(", ")}` });

export const createTagBody = z
  .strictObject({ name: tagName, color: tagColor.optional().meta({ default: "gray" }) })
  .meta({ id: "CreateTagBody" });
export type CreateTagBody = z.infer<typeof createTagBody>;

export const updateTagBody = z
  .strictObject({ name: tagName.optional(), color: tagColor.optional() })
  .refine((b) => b.name !== undefined || b.color !== undefined, "send `name` or `color`")
  .meta({
    id: "UpdateTagBody",
    description: "Renames or recolours the tag on every session that carries it.",
    override: { minProperties: 1 },
  });
export type UpdateTagBody = z.infer<typeof updateTagBody>;
