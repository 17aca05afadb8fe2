import { z } from "zod";
import { importSources } from "./imports";

// The API's entities, as JSON carries them: written once, here. The server checks its answers
// against these schemas in tests, the OpenAPI document is generated from them, and the client's
// types are inferred from them. Timestamps are ISO-8601 strings in UTC (`Date#toJSON()`).
// Entities are strict, so a test that parses a real answer catches a column leaking out.

export const messageRoles = ["user", "assistant"] as const;
export const messageStatuses = ["complete", "streaming", "partial", "error"] as const;
export const projectStatuses = ["active", "archived"] as const;
/** What a person a session is shared with may do: read it, or also ask in it. */
export const shareRoles = ["viewer", "collaborator"] as const;
/** What the caller may do with a session: everything (theirs), or what its share allows. */
export const sessionRoles = ["owner", ...shareRoles] as const;
export const shareLinkModes = ["snapshot", "live"] as const;
/** A tag's colour: a name, drawn in a shade that suits the light or dark theme. */
export const tagColors = [
  "gray",
  "red",
  "orange",
  "yellow",
  "green",
  "teal",
  "blue",
  "purple",
  "pink",
] as const;

const timestamp = z.iso.datetime();

export const project = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    type: z.string(),
    status: z.enum(projectStatuses),
    userId: z.string(),
    files: z.record(z.string(), z.string()),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Project" });

export const chatMessage = z
  .strictObject({
    id: z.string(),
    chatSessionId: z.string(),
    parentId: z
      .string()
      .nullable()
      .meta({
        description:
          "The message this one follows; null for a first message. Messages form a tree per " +
          "session: messages with the same parent are versions of one another (an edited " +
          "question, a regenerated reply).",
      }),
    role: z.enum(messageRoles),
    authorId: z
      .string()
      .nullable()
      .meta({
        description:
          "Who sent a user message when it was not the session's owner: a collaborator of a " +
          "shared session. Null for the owner's own messages and for replies.",
      }),
    authorName: z.string().nullable().meta({
      description: "That collaborator's display name; null whenever `authorId` is.",
    }),
    content: z.string(),
    status: z.enum(messageStatuses).meta({
      description: [
        "`complete`: the whole message.",
        "`streaming`: a reply the model is still writing; its content grows.",
        "`partial`: a reply cut off (stopped, failed midway, or the server restarted): what arrived.",
        "`error`: the model failed before writing anything; the content is empty.",
      ].join(" "),
    }),
    createdAt: timestamp,
  })
  .meta({ id: "Message" });

/**
 * A message as a branch shows it: with its versions, which a client needs to draw a version
 * switcher ("2 / 3"). Reads of a session's messages answer this form.
 */
export const chatMessageWithSiblings = chatMessage
  .extend({
    siblingCount: z.number().int().min(1).meta({
      description:
        "How many versions there are at this point of the conversation, this one included.",
    }),
    siblingIndex: z.number().int().min(1).meta({
      description: "Which of them this is, from 1, in creation order.",
    }),
    siblingIds: z.array(z.string()).meta({
      description:
        "Every version's id in creation order (this one at `siblingIndex`). Switch to one with " +
        "`POST /api/chat-sessions/{id}/active-branch`.",
    }),
  })
  .meta({ id: "MessageWithSiblings" });

/** One of the user's tags: their own words for grouping sessions, in all their projects. */
export const tag = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    color: z.enum(tagColors),
    sessionCount: z.number().int().nonnegative().meta({
      description: "Sessions carrying it, in every project and archived ones included.",
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Tag" });

export const summaryStatuses = ["idle", "running", "failed"] as const;

/** A tag as a session carries it. */
export const sessionTag = z
  .strictObject({ id: z.string(), name: z.string(), color: z.enum(tagColors) })
  .meta({ id: "SessionTag" });

/** A session on its own, as a rename answers it. */
export const chatSession = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    projectId: z.string(),
    tags: z.array(sessionTag).meta({ description: "Its tags, by name." }),
    pinned: z.boolean().meta({ description: "Pinned sessions list first, in their own group." }),
    archived: z.boolean().meta({
      description:
        "Archived sessions leave the list (`archived=true` lists them); search still finds them.",
    }),
    instructions: z.string().meta({
      description:
        "Added to the system prompt of every reply in this session; empty for none. A session " +
        "made from a template starts with the template's.",
    }),
    templateId: z.string().nullable().meta({
      description: "The template it was made from; null for none or once that was deleted.",
    }),
    importedFrom: z.enum(importSources).nullable().meta({
      description:
        "The source it was imported from (`POST /api/import`); null for a chat made here.",
    }),
    summary: z
      .string()
      .nullable()
      .meta({
        description:
          "The AI's summary of the active branch, 2–4 sentences; null until one is made (after " +
          "a few turns, or on `POST /api/chat-sessions/{id}/summary`).",
      }),
    summaryKeyPoints: z.array(z.string()).meta({
      description: "The summary's key points: facts, decisions, names the chat depends on.",
    }),
    summaryThroughId: z.string().nullable().meta({
      description: "The message of the active branch the summary covers through.",
    }),
    summaryMessageCount: z.number().int().nonnegative().meta({
      description: "How many messages of the active branch the summary covers.",
    }),
    summaryUpdatedAt: timestamp.nullable(),
    summaryStatus: z.enum(summaryStatuses).meta({
      description:
        "`running` while a summary is being made; `failed` when the last attempt failed " +
        "(`summaryError` says why; the summary shown stays, and a later trigger retries).",
    }),
    summaryError: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "ChatSession" });

/** A session with the messages of its active branch in order (the spec's form). */
export const chatSessionWithMessages = chatSession
  .extend({ messages: z.array(chatMessageWithSiblings) })
  .meta({ id: "ChatSessionWithMessages" });

/** A session with only its message count (`includeMessages=false`), as lists show it. */
export const chatSessionWithCount = chatSession
  .extend({
    messageCount: z
      .number()
      .int()
      .nonnegative()
      .meta({
        description:
          "Messages on the active branch: as many as the unpaged message list answers. Other " +
          "versions are not counted.",
      }),
  })
  .meta({ id: "ChatSessionWithMessageCount" });

/** A reusable start for a session: built in, or the user's own. */
export const sessionTemplate = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    instructions: z.string().meta({
      description: "Added to the system prompt of every reply in sessions made from it.",
    }),
    firstMessage: z.string().meta({
      description: "Pre-filled in the composer of a new session (not sent); empty for none.",
    }),
    tags: z.array(sessionTag).meta({ description: "Tags a session made from it starts with." }),
    builtIn: z.boolean().meta({
      description: "Shipped with Craft: anyone can use or copy it, nobody can change it.",
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "SessionTemplate" });

/** A piece of a search result's snippet: matched words have `highlight: true`. */
export const snippetPart = z
  .strictObject({ text: z.string(), highlight: z.boolean() })
  .meta({ id: "SnippetPart" });

/** One hit of a search: a message, or a session whose name matched (`messageId` null). */
export const searchResult = z
  .strictObject({
    chatSessionId: z.string(),
    sessionName: z.string(),
    archived: z.boolean().meta({ description: "Whether the session is archived." }),
    sessionSummary: z.string().nullable().meta({
      description: "The session's summary (its `summary`), to show beside the hit; null for none.",
    }),
    projectId: z.string(),
    projectName: z.string(),
    messageId: z
      .string()
      .nullable()
      .meta({
        description:
          "The message that matched; null when the session's name did. Open it with " +
          "`GET /api/chat-messages?chatSessionId=…&around=<messageId>`.",
      }),
    role: z.enum(messageRoles).nullable().meta({
      description: "Who wrote the message; null for a name match.",
    }),
    snippet: z.array(snippetPart).meta({
      description:
        "Plain text around the best match, in pieces; the matched words are the pieces with " +
        "`highlight: true`. Never HTML: render each piece as text (matched ones in <mark>). " +
        "Whitespace runs are one space. For a name match, the whole name.",
    }),
    createdAt: timestamp.meta({
      description: "When the message was written; for a name match, when the session was created.",
    }),
  })
  .meta({ id: "SearchResult" });

/** One person a session is shared with, as its owner sees them. */
export const chatSessionShare = z
  .strictObject({
    chatSessionId: z.string(),
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(shareRoles).meta({
      description:
        "`viewer`: reads the session and sees new messages live. `collaborator`: also sends " +
        "messages and gets replies.",
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "ChatSessionShare" });

/** A session someone else shared with the caller, as "shared with me" lists it. */
export const sharedChatSession = z
  .strictObject({
    chatSession: chatSessionWithCount,
    role: z.enum(shareRoles),
    ownerName: z.string().meta({ description: "The owner's display name." }),
    projectName: z.string().meta({
      description: "The name of the owner's project it belongs to (nothing else of it is shared).",
    }),
    sharedAt: timestamp,
  })
  .meta({ id: "SharedChatSession" });

export type MessageRole = (typeof messageRoles)[number];
export type ShareRole = (typeof shareRoles)[number];
export type SessionRole = (typeof sessionRoles)[number];
export type ChatSessionShare = z.infer<typeof chatSessionShare>;
export type SharedChatSession = z.infer<typeof sharedChatSession>;
export type MessageStatus = (typeof messageStatuses)[number];
/** A read-only link to one of your sessions, for anyone who holds it. */
export const shareLink = z
  .strictObject({
    id: z.string(),
    chatSessionId: z.string(),
    url: z.string().meta({
      description:
        "The page anyone holding it can read, signed in or not: `<origin>/s/<token>`, with " +
        "BETTER_AUTH_URL's origin when it is set, else the one the request was sent to.",
    }),
    token: z.string().meta({
      description: "43 characters: 32 random bytes, base64url. The last segment of `url`.",
    }),
    mode: z.enum(shareLinkModes).meta({
      description:
        "`snapshot`: the branch that was active when the link was made, whatever is added " +
        "or switched to after (a reply fixed in place shows its fixed text); deleting one of " +
        "its messages deletes the link. " +
        "`live`: the active branch as it is when the page is opened.",
    }),
    createdAt: timestamp,
  })
  .meta({ id: "ShareLink" });

export type ProjectStatus = (typeof projectStatuses)[number];
export type TagColor = (typeof tagColors)[number];
export type ShareLinkMode = (typeof shareLinkModes)[number];
export type ShareLink = z.infer<typeof shareLink>;
export type SummaryStatus = (typeof summaryStatuses)[number];
export type Tag = z.infer<typeof tag>;
export type SessionTag = z.infer<typeof sessionTag>;
export type SessionTemplate = z.infer<typeof sessionTemplate>;
export type Project = z.infer<typeof project>;
export type ChatMessage = z.infer<typeof chatMessage>;
export type ChatMessageWithSiblings = z.infer<typeof chatMessageWithSiblings>;
export type ChatSession = z.infer<typeof chatSession>;
export type ChatSessionWithMessages = z.infer<typeof chatSessionWithMessages>;
export type ChatSessionListItem = z.infer<typeof chatSessionWithCount>;
export type SnippetPart = z.infer<typeof snippetPart>;
export type SearchResult = z.infer<typeof searchResult>;

/** An entity as the server holds it before JSON: its timestamps are still `Date`s. */
export type Stored<T> = {
  [K in keyof T]: K extends TimestampKey ? Date | Extract<T[K], null> : T[K];
};

/** The fields the contract says are timestamps: ISO strings in JSON, `Date`s on the server. */
type TimestampKey = "createdAt" | "updatedAt" | "summaryUpdatedAt" | "finishedAt" | "sharedAt";

/**
 * What may be sent where the contract says `T`: JSON turns a `Date` into its ISO string, so a
 * timestamp may still be a `Date`.
 */
export type Sendable<T> = T extends readonly (infer U)[]
  ? Sendable<U>[]
  : T extends object
    ? { [K in keyof T]: K extends TimestampKey ? T[K] | Date : Sendable<T[K]> }
    : T;
