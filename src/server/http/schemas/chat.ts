import { z } from "zod";
import { env } from "@/env";
import { messageRoles } from "@/lib/contract/entities";
import {
  clientId,
  codePoints,
  idParam,
  nameText,
  newestFirstPage,
  pageLimit,
  safeText,
} from "./common";

/**
 * Message text: 1 to CHAT_MAX_CONTENT_CHARS characters (code points). A leading byte order
 * mark is dropped: the embedded driver cannot read one back, so both databases store none.
 */
export const messageContent = () => {
  const max = env().CHAT_MAX_CONTENT_CHARS;
  return safeText(Number.MAX_SAFE_INTEGER)
    .transform((s) => s.replace(/^\uFEFF/, ""))
    .refine((s) => s.length > 0, "must not be empty")
    .refine((s) => s.length <= max || codePoints(s) <= max, `must be at most ${max} characters`)
    .meta({
      description: `1 to CHAT_MAX_CONTENT_CHARS (here ${max}) characters. No NUL character and no lone surrogate.`,
      // The limits live in refinements JSON Schema cannot see; maxLength counts code points too.
      override: { minLength: 1, maxLength: max },
    });
};

const booleanFlag = (fallback: "true" | "false") =>
  z
    .enum(["true", "false"])
    .default(fallback)
    .transform((v) => v === "true");

export const listChatSessionsQuery = z.object({
  projectId: idParam.meta({ description: "The project whose sessions to list" }),
  includeMessages: booleanFlag("true").meta({
    description: "`true`: each session with `messages`; `false`: with `messageCount`",
  }),
  ...newestFirstPage,
});
export type ListChatSessionsQuery = z.infer<typeof listChatSessionsQuery>;

export const createChatSessionBody = z
  .object({
    projectId: idParam,
    name: nameText.optional().meta({ override: { default: "New Chat" } }),
  })
  .meta({ id: "CreateChatSessionBody" });
export type CreateChatSessionBody = z.infer<typeof createChatSessionBody>;

export const updateChatSessionBody = z
  .object({ name: nameText })
  .meta({ id: "UpdateChatSessionBody" });
export type UpdateChatSessionBody = z.infer<typeof updateChatSessionBody>;

export const listChatMessagesQuery = z.object({
  chatSessionId: idParam.meta({ description: "The session whose messages to list" }),
  limit: pageLimit
    .optional()
    .meta({ description: "Page size, 1–200; a `before` without it pages by 50" }),
  before: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .meta({ description: "The `prevCursor` of the newer page" }),
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
  z
    .object({
      chatSessionId: idParam,
      role: z.enum(messageRoles, { error: 'must be "user" or "assistant"' }),
      content: messageContent(),
      id: clientId.optional().meta({
        description:
          "Optional client-chosen id. Re-sending the same message with the same id returns the " +
          "stored one with 200 instead of adding a copy; a different message under that id is 409.",
      }),
    })
    .meta({ id: "CreateChatMessageBody" }),
);
export type CreateChatMessageBody = z.infer<ReturnType<typeof createChatMessageBody>>;

/** POST /api/chat: only the new user message; the server has the history. */
export const chatRequestBody = perContentLimit(() =>
  z
    .object({
      chatSessionId: idParam,
      message: z
        .object({
          id: clientId,
          role: z.literal("user", { error: 'must be "user"' }),
          parts: z
            .array(z.looseObject({ type: z.string(), text: z.string().optional() }))
            .max(100)
            .transform((parts) =>
              parts.flatMap((p) => (p.type === "text" && p.text ? [p.text] : [])).join(""),
            )
            .pipe(messageContent()),
        })
        .meta({
          description:
            "The new user message in the AI SDK's UIMessage form. Its text parts, joined, are " +
            `the content: 1 to ${env().CHAT_MAX_CONTENT_CHARS} characters. The id makes retries safe.`,
        }),
      trigger: z.enum(["submit-message", "regenerate-message"]).default("submit-message").meta({
        description:
          "`regenerate-message` discards a finished reply to this message and answers it again.",
      }),
    })
    .meta({ id: "ChatRequestBody" }),
);
export type ChatRequestBody = z.infer<ReturnType<typeof chatRequestBody>>;

export const stopReplyBody = z
  .object({
    messageId: idParam.meta({
      description: "The reply's id: `messageId` of the stream's `start` part.",
    }),
  })
  .meta({ id: "StopReplyBody" });
