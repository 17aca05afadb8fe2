import { z } from "zod";
import { env } from "@/env";
import { messageRoles } from "@/lib/contract/entities";
import { MAX_INSTRUCTIONS, MAX_TAGS_PER_SESSION } from "@/lib/contract/limits";
import {
  clientId,
  codePoints,
  ID_PATTERN,
  idParam,
  nameText,
  newestFirstPage,
  pageLimit,
  safeText,
  withoutLeadingBom,
} from "./common";

/**
 * Message text: 1 to CHAT_MAX_CONTENT_CHARS characters (code points). Leading byte order
 * marks are dropped (withoutLeadingBom).
 */
export const messageContent = () => {
  const max = env().CHAT_MAX_CONTENT_CHARS;
  return safeText(Number.MAX_SAFE_INTEGER)
    .transform(withoutLeadingBom)
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
  tag: z
    .union([idParam.transform((id) => [id]), z.array(idParam)])
    .optional()
    .pipe(
      z
        .array(z.string())
        .max(MAX_TAGS_PER_SESSION, `at most ${MAX_TAGS_PER_SESSION} tags`)
        .default([]),
    )
    .meta({
      description: `A tag id, repeatable (\`tag=a&tag=b\`, up to ${MAX_TAGS_PER_SESSION}): only sessions carrying every one. 404 for a tag that is not yours.`,
      override: ({ jsonSchema }) => {
        for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
        Object.assign(jsonSchema, {
          type: "array",
          items: { type: "string", pattern: ID_PATTERN.source },
          maxItems: MAX_TAGS_PER_SESSION,
        });
      },
    }),
  archived: booleanFlag("false").meta({
    description: "`true`: the archived sessions instead of the others",
  }),
  ...newestFirstPage,
});
export type ListChatSessionsQuery = z.infer<typeof listChatSessionsQuery>;

export const createChatSessionBody = z
  .object({
    projectId: idParam,
    name: nameText.optional().meta({ override: { default: "New Chat" } }),
    templateId: idParam.optional().meta({
      description:
        "A template to start from (a built-in one or yours; 404 otherwise): the session " +
        "copies its instructions and gets its tags, and remembers it as `templateId`. Its " +
        "`firstMessage` is for the client to pre-fill; nothing is sent.",
    }),
  })
  .meta({ id: "CreateChatSessionBody" });
export type CreateChatSessionBody = z.infer<typeof createChatSessionBody>;

/** Instructions for the model: up to 10,000 characters, empty for none. */
export const instructionsText = safeText(MAX_INSTRUCTIONS)
  .transform((s) => withoutLeadingBom(s).trim())
  .meta({
    description: `Up to ${MAX_INSTRUCTIONS} characters; empty for none. No NUL, no lone surrogate.`,
  });

/** A set of the user's tag ids, at most MAX_TAGS_PER_SESSION, each once. */
export const tagIdList = z
  .array(idParam)
  .max(MAX_TAGS_PER_SESSION, `must be at most ${MAX_TAGS_PER_SESSION} tags`)
  .refine((ids) => new Set(ids).size === ids.length, "must not repeat a tag");

export const updateChatSessionBody = z
  .object({
    name: nameText.optional().meta({
      description: "A new name: final, never replaced by automatic naming. Moves `updatedAt`.",
    }),
    tags: tagIdList.optional().meta({
      description: `The session's tags, replacing the ones it has: ids of your tags, at most ${MAX_TAGS_PER_SESSION}.`,
    }),
    pinned: z.boolean().optional(),
    archived: z.boolean().optional().meta({ description: "Archiving also unpins." }),
    instructions: instructionsText.optional(),
  })
  // Other fields (id, projectId, timestamps…) are ignored, as the spec's rename always did.
  .refine((b) => Object.values(b).some((v) => v !== undefined), "send at least one field")
  .refine((b) => !(b.archived && b.pinned), {
    message: "an archived session cannot be pinned",
    path: ["pinned"],
  })
  .meta({
    id: "UpdateChatSessionBody",
    description:
      "Any of the fields; the others stay. Only `name` moves `updatedAt`: organizing a session " +
      "does not move it in the list.",
    override: { minProperties: 1 },
  });
export type UpdateChatSessionBody = z.infer<typeof updateChatSessionBody>;

/** POST /api/chat-sessions/bulk: one action on up to 100 of your sessions, all or none. */
export const bulkChatSessionsBody = z
  .strictObject({
    ids: z
      .array(idParam)
      .min(1, "name at least one session")
      .max(100, "at most 100 sessions at once"),
    action: z.enum(["tag", "untag", "pin", "unpin", "archive", "unarchive", "delete"]),
    tagIds: tagIdList.optional().meta({ description: "For `tag` and `untag`: which tags." }),
  })
  .refine((b) => (b.action === "tag" || b.action === "untag") === (b.tagIds !== undefined), {
    message: "`tagIds` goes with `tag` and `untag`, and only with them",
    path: ["tagIds"],
  })
  .meta({
    id: "BulkChatSessionsBody",
    description:
      "All or none: when any session or tag is not yours (404), or a session would carry too " +
      "many tags (409), nothing changes. None of the actions moves `updatedAt`.",
  });
export type BulkChatSessionsBody = z.infer<typeof bulkChatSessionsBody>;

const messageCursorParam = (description: string) =>
  z.string().min(1).max(512).optional().meta({ description });

export const listChatMessagesQuery = z
  .object({
    chatSessionId: idParam.meta({ description: "The session whose messages to list" }),
    limit: pageLimit.optional().meta({
      description: "Page size, 1–200; a `before`, `after` or `around` without it pages by 50",
    }),
    before: messageCursorParam("The `prevCursor` of the newer page: the page before it"),
    after: messageCursorParam(
      "The `nextCursor` of an older page (from `around` or `after`): the page after it, " +
        "towards the newest message",
    ),
    around: idParam.optional().meta({
      description:
        "A message of the session's active branch (a search hit): the page centred on it, " +
        "about `limit / 2` messages before it and after it. 409 when the message is on " +
        "another branch: switch to it first (`POST /api/chat-sessions/{id}/active-branch`).",
    }),
  })
  .refine((q) => [q.before, q.after, q.around].filter((v) => v !== undefined).length <= 1, {
    message: "send one of `before`, `after` and `around`",
    path: ["around"],
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
      parentId: idParam.optional().meta({
        description:
          "The message this one follows, a message of the same session (404 otherwise). By " +
          "default the newest message of the active branch. Naming another starts a new " +
          "branch there, which becomes the active one.",
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
      trigger: z
        .enum(["submit-message", "regenerate-message"])
        .default("submit-message")
        .meta({
          description:
            "`regenerate-message`: answer this (stored) message again. The new reply is a new " +
            "version beside the earlier ones, which stay; it becomes the active branch.",
        }),
      editOf: idParam.optional().meta({
        description:
          "The user message this one is a new version of (an edit): the new message goes " +
          "under that one's parent, beside it, and is answered; the old one and everything " +
          "after it stay, as another branch. 404 when it is not a message of this session, " +
          "409 when it is a reply.",
      }),
      parentId: idParam.optional().meta({
        description:
          "The message this one follows, when not the newest of the active branch (404 when " +
          "it is not a message of this session). Not with `editOf`.",
      }),
      replyId: clientId.optional().meta({
        description:
          "Optional client-chosen id for the reply. Sent again with the same question (a " +
          "retried regenerate, say), it streams that stored reply instead of writing another; " +
          "an id already used by another message is 409.",
      }),
    })
    .refine((body) => body.editOf === undefined || body.parentId === undefined, {
      message: "send `editOf` or `parentId`, not both",
      path: ["parentId"],
    })
    .refine((body) => body.replyId === undefined || body.replyId !== body.message.id, {
      message: "must differ from the question's id",
      path: ["replyId"],
    })
    .meta({ id: "ChatRequestBody" }),
);
export type ChatRequestBody = z.infer<ReturnType<typeof chatRequestBody>>;

export const updateChatMessageBody = perContentLimit(() =>
  z.object({ content: messageContent() }).meta({ id: "UpdateChatMessageBody" }),
);
export type UpdateChatMessageBody = z.infer<ReturnType<typeof updateChatMessageBody>>;

export const switchBranchBody = z
  .object({
    messageId: idParam.meta({
      description:
        "A message of the session, usually another version (one of a message's " +
        "`siblingIds`): its branch becomes the active one. 404 when it is not in the session.",
    }),
    limit: z.number().int().min(1).max(200).default(50).meta({
      description: "How many of the new active branch's newest messages to answer, 1–200.",
    }),
  })
  .meta({ id: "SwitchBranchBody" });
export type SwitchBranchBody = z.infer<typeof switchBranchBody>;

export const stopReplyBody = z
  .object({
    messageId: idParam.meta({
      description: "The reply's id: `messageId` of the stream's `start` part.",
    }),
    chatSessionId: idParam.optional().meta({
      description:
        "The session the reply is in: needed to stop a reply in a session shared with you " +
        "(as a collaborator); without it, only your own sessions' replies are stopped.",
    }),
  })
  .meta({ id: "StopReplyBody" });

export const summarizeSessionBody = z
  .strictObject({})
  .meta({ id: "SummarizeSessionRequest", description: "Nothing yet: send `{}`." });
