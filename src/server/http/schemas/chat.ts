import { z } from "zod";
import { env } from "@/env";
import { messageRoles } from "@/server/db/schema";
import { codePoints, ID_PATTERN, idParam, nameText, pageLimit, safeText } from "./common";

/**
 * Message text: 1 to CHAT_MAX_CONTENT_CHARS characters (code points). A leading byte order
 * mark is dropped: the embedded driver cannot read one back, so both databases store none.
 */
export const messageContent = () => {
  const max = env().CHAT_MAX_CONTENT_CHARS;
  return safeText(Number.MAX_SAFE_INTEGER)
    .transform((s) => s.replace(/^\uFEFF/, ""))
    .refine((s) => s.length > 0, "must not be empty")
    .refine((s) => s.length <= max || codePoints(s) <= max, `must be at most ${max} characters`);
};

const booleanFlag = (fallback: "true" | "false") =>
  z
    .enum(["true", "false"])
    .default(fallback)
    .transform((v) => v === "true");

export const listChatSessionsQuery = z.object({
  projectId: idParam,
  includeMessages: booleanFlag("true"),
  limit: pageLimit.optional(),
  cursor: z.string().min(1).max(512).optional(),
});
export type ListChatSessionsQuery = z.infer<typeof listChatSessionsQuery>;

export const createChatSessionBody = z.object({
  projectId: z.string().regex(ID_PATTERN, "is not a valid id"),
  name: nameText.optional(),
});
export type CreateChatSessionBody = z.infer<typeof createChatSessionBody>;

export const updateChatSessionBody = z.object({ name: nameText });
export type UpdateChatSessionBody = z.infer<typeof updateChatSessionBody>;

export const listChatMessagesQuery = z.object({
  chatSessionId: idParam,
  limit: pageLimit.optional(),
  before: z.string().min(1).max(512).optional(),
});
export type ListChatMessagesQuery = z.infer<typeof listChatMessagesQuery>;

/**
 * Schemas that depend on the configured content limit are built once per limit: building a
 * zod schema and its first parse cost 0.16 ms of CPU, more than parsing a message.
 */
function perContentLimit<S>(build: () => S): () => S {
  let built: { max: number; schema: S } | undefined;
  return () => {
    const max = env().CHAT_MAX_CONTENT_CHARS;
    if (built?.max !== max) built = { max, schema: build() };
    return built.schema;
  };
}

export const createChatMessageBody = perContentLimit(() =>
  z.object({
    chatSessionId: z.string().regex(ID_PATTERN, "is not a valid id"),
    role: z.enum(messageRoles, { error: 'must be "user" or "assistant"' }),
    content: messageContent(),
    id: z.string().regex(ID_PATTERN, "must be 1-64 letters, digits, _ or -").optional(),
  }),
);
export type CreateChatMessageBody = z.infer<ReturnType<typeof createChatMessageBody>>;

/** POST /api/chat: only the new user message; the server has the history. */
export const chatRequestBody = perContentLimit(() =>
  z.object({
    chatSessionId: z.string().regex(ID_PATTERN, "is not a valid id"),
    message: z.object({
      id: z.string().regex(ID_PATTERN, "must be 1-64 letters, digits, _ or -"),
      role: z.literal("user", { error: 'must be "user"' }),
      parts: z
        .array(z.looseObject({ type: z.string(), text: z.string().optional() }))
        .max(100)
        .transform((parts) =>
          parts.flatMap((p) => (p.type === "text" && p.text ? [p.text] : [])).join(""),
        )
        .pipe(messageContent()),
    }),
    /** `regenerate-message` answers the message again, replacing a finished reply. */
    trigger: z.enum(["submit-message", "regenerate-message"]).default("submit-message"),
  }),
);
export type ChatRequestBody = z.infer<ReturnType<typeof chatRequestBody>>;

export const stopReplyBody = z.object({
  messageId: z.string().regex(ID_PATTERN, "is not a valid id"),
});
