import { z } from "zod";

// The API's entities, as JSON carries them: written once, here. The server checks its answers
// against these schemas in tests, the OpenAPI document is generated from them, and the client's
// types are inferred from them. Timestamps are ISO-8601 strings in UTC (`Date#toJSON()`).
// Entities are strict, so a test that parses a real answer catches a column leaking out.

export const messageRoles = ["user", "assistant"] as const;
export const messageStatuses = ["complete", "streaming", "partial", "error"] as const;
export const projectStatuses = ["active", "archived"] as const;

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
    role: z.enum(messageRoles),
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

/** A session on its own, as a rename answers it. */
export const chatSession = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    projectId: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "ChatSession" });

/** A session with all its messages in order (the spec's form). */
export const chatSessionWithMessages = chatSession
  .extend({ messages: z.array(chatMessage) })
  .meta({ id: "ChatSessionWithMessages" });

/** A session with only its message count (`includeMessages=false`), as lists show it. */
export const chatSessionWithCount = chatSession
  .extend({ messageCount: z.number().int().nonnegative() })
  .meta({ id: "ChatSessionWithMessageCount" });

export type MessageRole = (typeof messageRoles)[number];
export type MessageStatus = (typeof messageStatuses)[number];
export type ProjectStatus = (typeof projectStatuses)[number];
export type Project = z.infer<typeof project>;
export type ChatMessage = z.infer<typeof chatMessage>;
export type ChatSession = z.infer<typeof chatSession>;
export type ChatSessionWithMessages = z.infer<typeof chatSessionWithMessages>;
export type ChatSessionSummary = z.infer<typeof chatSessionWithCount>;

/** An entity as the server holds it before JSON: its timestamps are still `Date`s. */
export type Stored<T> = {
  [K in keyof T]: K extends "createdAt" | "updatedAt" ? Date : T[K];
};

/**
 * What may be sent where the contract says `T`: JSON turns a `Date` into its ISO string, so a
 * timestamp may still be a `Date`.
 */
export type Sendable<T> = T extends readonly (infer U)[]
  ? Sendable<U>[]
  : T extends object
    ? { [K in keyof T]: K extends "createdAt" | "updatedAt" ? T[K] | Date : Sendable<T[K]> }
    : T;
