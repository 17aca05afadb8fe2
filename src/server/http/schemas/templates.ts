import { z } from "zod";
import { env } from "@/env";
import { MAX_TEMPLATE_DESCRIPTION, MAX_TEMPLATE_NAME } from "@/lib/contract/limits";
import { instructionsText, tagIdList } from "./chat";
import { codePoints, idParam, safeText, withoutLeadingBom } from "./common";

const TEXT_RULES = "No NUL character and no lone surrogate.";

/** Trimmed text of at most `max` characters (code points), `min` at least. */
const trimmedText = (min: number, max: number) =>
  safeText(100_000)
    .transform((s) => withoutLeadingBom(s).trim())
    .pipe(
      z
        .string()
        .min(min, "must not be empty")
        .refine((s) => codePoints(s) <= max, `must be at most ${max} characters`),
    );

const templateName = trimmedText(1, MAX_TEMPLATE_NAME).meta({
  description: `Trimmed, then 1–${MAX_TEMPLATE_NAME} characters. ${TEXT_RULES}`,
  override: { minLength: 1, maxLength: MAX_TEMPLATE_NAME },
});

const templateDescription = trimmedText(0, MAX_TEMPLATE_DESCRIPTION).meta({
  description: `Trimmed, up to ${MAX_TEMPLATE_DESCRIPTION} characters; empty for none.`,
  override: { maxLength: MAX_TEMPLATE_DESCRIPTION },
});

/** Pre-filled in the composer: at most a message's length (CHAT_MAX_CONTENT_CHARS), read when parsed. */
const firstMessageText = safeText(Number.MAX_SAFE_INTEGER)
  .transform(withoutLeadingBom)
  .superRefine((s, ctx) => {
    const max = env().CHAT_MAX_CONTENT_CHARS;
    if (s.length > max && codePoints(s) > max)
      ctx.addIssue({ code: "custom", message: `must be at most ${max} characters` });
  })
  .meta({
    description:
      "Pre-filled in the composer of a session made from the template, not sent; empty for " +
      `none. At most CHAT_MAX_CONTENT_CHARS characters, like a message. ${TEXT_RULES}`,
    override: ({ jsonSchema }) => {
      jsonSchema.maxLength = env().CHAT_MAX_CONTENT_CHARS;
    },
  });

const templateTags = tagIdList.meta({
  description:
    "Ids of your tags that a session made from the template starts with (404 otherwise).",
});

const templateFields = {
  description: templateDescription.optional(),
  instructions: instructionsText.optional().meta({
    description:
      "Added to the system prompt of every reply in sessions made from it. Up to 10,000 " +
      "characters; empty for none.",
  }),
  firstMessage: firstMessageText.optional(),
  tagIds: templateTags.optional(),
};

export const createTemplateBody = z
  .strictObject({
    name: templateName.optional().meta({
      description: "Required unless `fromSessionId` or `copyOf` gives one.",
    }),
    ...templateFields,
    fromSessionId: idParam.optional().meta({
      description:
        "Save one of your sessions as a template: its name, instructions and tags, and the " +
        "first user message of its active branch as `firstMessage`. Fields sent beside it " +
        "replace what it gives. 404 when the session is not yours.",
    }),
    copyOf: idParam.optional().meta({
      description:
        "Copy a template you can use (a built-in one, say): all its fields, then the fields " +
        "sent beside it. 404 when it is another user's.",
    }),
  })
  .refine((b) => b.fromSessionId === undefined || b.copyOf === undefined, {
    message: "send `fromSessionId` or `copyOf`, not both",
    path: ["copyOf"],
  })
  .refine((b) => b.name !== undefined || b.fromSessionId !== undefined || b.copyOf !== undefined, {
    message: "must not be empty",
    path: ["name"],
  })
  .meta({
    id: "CreateTemplateBody",
    description:
      "A new template of yours: from its fields, from one of your sessions (`fromSessionId`), " +
      "or as a copy of another (`copyOf`).",
  });
export type CreateTemplateBody = z.infer<typeof createTemplateBody>;

export const updateTemplateBody = z
  .strictObject({ name: templateName.optional(), ...templateFields })
  .refine((b) => Object.values(b).some((v) => v !== undefined), "send at least one field")
  .meta({
    id: "UpdateTemplateBody",
    description:
      "Any of the fields; the others stay. Sessions already made from the template keep what " +
      "they copied.",
    override: { minProperties: 1 },
  });
export type UpdateTemplateBody = z.infer<typeof updateTemplateBody>;
