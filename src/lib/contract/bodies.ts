import { z } from "zod";
import { errorCodes } from "@/lib/error-codes";
import {
  type ChatSessionListItem,
  chatMessageWithSiblings,
  chatSession,
  chatSessionShare,
  chatSessionWithCount,
  chatSessionWithMessages,
  project,
  searchResult,
  sessionRoles,
  sessionTemplate,
  sharedChatSession,
  shareLink,
  tag,
} from "./entities";

// The JSON bodies the API answers with, one per kind of answer.

/** A page cursor: present (string or null) only when the request asked for pages. */
const pageCursor = z.string().nullable().optional();

export const projectListBody = z
  .object({ projects: z.array(project), nextCursor: pageCursor })
  .meta({ id: "ProjectList" });
export const projectBody = z.object({ project }).meta({ id: "ProjectEnvelope" });

export const chatSessionListBody = z
  .object({
    chatSessions: z.union([z.array(chatSessionWithMessages), z.array(chatSessionWithCount)]),
    nextCursor: pageCursor,
  })
  .meta({ id: "ChatSessionList" });
export const chatSessionWithMessagesBody = z
  .object({ chatSession: chatSessionWithMessages })
  .meta({ id: "ChatSessionWithMessagesEnvelope" });
export const chatSessionBody = z.object({ chatSession }).meta({ id: "ChatSessionEnvelope" });

/** GET /api/chat-sessions/{id}: the session, and what the caller may do with it. */
export const chatSessionReadBody = chatSessionWithMessagesBody
  .extend({
    role: z.enum(sessionRoles).meta({
      description:
        "`owner`: the caller's own session, every action. `collaborator`: may read and ask " +
        "(send messages, get replies, stop them, summarize, export). `viewer`: may read and export.",
    }),
    ownerName: z.string().nullable().meta({
      description:
        "The owner's display name when the session was shared with the caller; null for the owner.",
    }),
  })
  .meta({ id: "ChatSessionRead" });

/** GET /api/chat-sessions/{id}/shares: the people a session is shared with, oldest first. */
export const shareListBody = z
  .object({ shares: z.array(chatSessionShare) })
  .meta({ id: "ChatSessionShareList" });
export const shareBody = z
  .object({ share: chatSessionShare })
  .meta({ id: "ChatSessionShareEnvelope" });

/** GET /api/shared: sessions others shared with the caller, most recently shared first. */
export const sharedListBody = z
  .object({
    sharedSessions: z.array(sharedChatSession),
    nextCursor: z.string().nullable().meta({
      description: "Pass it back as `cursor` for the next page; null: none.",
    }),
  })
  .meta({ id: "SharedChatSessionList" });

export const messageListBody = z
  .object({
    messages: z.array(chatMessageWithSiblings),
    prevCursor: pageCursor,
    nextCursor: pageCursor.meta({
      description:
        "Only with `around` or `after`: pass it as `after` for the newer page; null: this " +
        "page ends at the newest message of the active branch.",
    }),
  })
  .meta({ id: "MessageList" });
export const messageBody = z
  .object({ message: chatMessageWithSiblings })
  .meta({ id: "MessageEnvelope" });

/** DELETE /api/chat-messages/{id}: what went, and where the session's active branch ends now. */
export const messageDeletedBody = z
  .object({
    deletedCount: z.number().int().min(1).meta({
      description: "Messages deleted: the message and every message after it, in all versions.",
    }),
    activeLeafId: z
      .string()
      .nullable()
      .meta({
        description:
          "The newest message of the session's active branch after the delete (null: the " +
          "session is empty). It moved when the deleted message was on the active branch.",
      }),
    messageCount: z.number().int().nonnegative().meta({
      description: "Messages on the session's active branch now.",
    }),
  })
  .meta({ id: "MessageDeleted" });

/** POST /api/chat-sessions/{id}/active-branch: the branch now shown, as its newest page. */
export const activeBranchBody = z
  .object({
    activeLeafId: z.string().meta({ description: "The newest message of the active branch." }),
    messageCount: z.number().int().nonnegative().meta({
      description: "Messages on the active branch.",
    }),
    messages: z.array(chatMessageWithSiblings).meta({
      description:
        "Its newest `limit` messages, oldest first, as `GET /api/chat-messages` pages them.",
    }),
    prevCursor: z.string().nullable().meta({
      description:
        "Pass it as `before` to `GET /api/chat-messages` for the page before; null: none.",
    }),
  })
  .meta({ id: "ActiveBranch" });

/** GET /api/search: a page of hits, best or newest first. */
export const searchResultsBody = z
  .object({
    results: z.array(searchResult),
    nextCursor: z.string().nullable().meta({
      description:
        "Pass it back as `cursor` (with the same `q` and `order`) for the next page; null: none.",
    }),
  })
  .meta({ id: "SearchResults" });

export const tagListBody = z.object({ tags: z.array(tag) }).meta({ id: "TagList" });
export const tagBody = z.object({ tag }).meta({ id: "TagEnvelope" });

export const templateListBody = z
  .object({
    templates: z.array(sessionTemplate).meta({
      description: "The built-in templates in their shipped order, then yours by name.",
    }),
  })
  .meta({ id: "TemplateList" });
export const templateBody = z
  .object({ template: sessionTemplate })
  .meta({ id: "TemplateEnvelope" });

/** POST /api/chat-sessions/bulk: the sessions as they are now, or the ids deleted. */
export const bulkSessionsResultBody = z
  .object({
    chatSessions: z.array(chatSession).meta({
      description: "Every session changed, as it is now; empty for `delete`.",
    }),
    deletedIds: z.array(z.string()).meta({ description: "For `delete`: the sessions deleted." }),
  })
  .meta({ id: "BulkSessionsResult" });

export const shareLinkBody = z.object({ link: shareLink }).meta({ id: "ShareLinkEnvelope" });
export const shareLinkListBody = z
  .object({ links: z.array(shareLink).meta({ description: "Newest first." }) })
  .meta({ id: "ShareLinkList" });

export const successBody = z.object({ success: z.literal(true) }).meta({ id: "Success" });

/** POST /api/chat/stop: false when no reply of yours with that id is running in this process. */
export const stopReplyResultBody = z
  .object({ stopped: z.boolean() })
  .meta({ id: "StopReplyResult" });

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      /** On 400: each failing input, e.g. `{ "path": "name", "message": "must not be empty" }`. */
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

export const healthBody = z
  .object({ ok: z.literal(true), database: z.enum(["pglite", "postgres"]) })
  .meta({ id: "Health" });

/** Health answers 503 with its own shape, so a load balancer can read `ok` either way. */
export const healthUnavailableBody = z
  .object({
    ok: z.literal(false),
    error: z.object({ code: z.literal("unavailable"), message: z.string() }),
  })
  .meta({ id: "HealthUnavailable" });

export type ProjectListBody = z.infer<typeof projectListBody>;
export type ProjectBody = z.infer<typeof projectBody>;
export type ChatSessionListBody = z.infer<typeof chatSessionListBody>;
export type ChatSessionBody = z.infer<typeof chatSessionBody>;
export type MessageListBody = z.infer<typeof messageListBody>;
export type MessageDeletedBody = z.infer<typeof messageDeletedBody>;
export type ActiveBranchBody = z.infer<typeof activeBranchBody>;
export type SearchResultsBody = z.infer<typeof searchResultsBody>;
export type ErrorBody = z.infer<typeof errorBody>;
export type TagListBody = z.infer<typeof tagListBody>;
export type ShareLinkBody = z.infer<typeof shareLinkBody>;
export type ShareLinkListBody = z.infer<typeof shareLinkListBody>;
export type TagBody = z.infer<typeof tagBody>;
export type TemplateListBody = z.infer<typeof templateListBody>;
export type TemplateBody = z.infer<typeof templateBody>;
export type BulkSessionsResultBody = z.infer<typeof bulkSessionsResultBody>;
export type ChatSessionReadBody = z.infer<typeof chatSessionReadBody>;
export type ShareListBody = z.infer<typeof shareListBody>;
export type ShareBody = z.infer<typeof shareBody>;
export type SharedListBody = z.infer<typeof sharedListBody>;

// The paged forms (the request sent a `limit`, so the cursor field is there).
export type ProjectPage = Required<ProjectListBody>;
export type MessagePage = Required<Omit<MessageListBody, "nextCursor">>;
/** `around` or `after`: a page of the active branch that can be paged both ways. */
export type MessageWindow = Required<MessageListBody>;
/** `includeMessages=false`: sessions with their message counts. */
export type ChatSessionListPage = Required<ChatSessionListBody> & {
  chatSessions: ChatSessionListItem[];
};
