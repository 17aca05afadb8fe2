import { z } from "zod";
import type { DatabaseDriver } from "@/server/db/client";
import { messageRoles, messageStatuses } from "@/server/db/schema";
import { errorStatus } from "../errors";
import { projectStatus } from "./projects";

// The JSON bodies the API answers with. Dates leave the server as `Date#toJSON()`: ISO-8601 in
// UTC. Entities are strict so a test that parses a real answer catches a column leaking out.

const timestamp = z.iso.datetime();

export const projectResponse = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: z.string(),
  status: projectStatus,
  userId: z.string(),
  files: z.record(z.string(), z.string()),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const messageResponse = z.strictObject({
  id: z.string(),
  chatSessionId: z.string(),
  role: z.enum(messageRoles),
  content: z.string(),
  status: z.enum(messageStatuses),
  createdAt: timestamp,
});

/** A session on its own, as a rename answers it. */
export const chatSessionResponse = z.strictObject({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** A session with all its messages in order (the spec's form). */
export const chatSessionWithMessagesResponse = chatSessionResponse.extend({
  messages: z.array(messageResponse),
});

/** A session with only its message count (`includeMessages=false`). */
export const chatSessionWithCountResponse = chatSessionResponse.extend({
  messageCount: z.number().int().nonnegative(),
});

/** A page cursor: present (string or null) only when the request asked for pages. */
const pageCursor = z.string().nullable().optional();

export const projectListBody = z.object({
  projects: z.array(projectResponse),
  nextCursor: pageCursor,
});
export const projectBody = z.object({ project: projectResponse });

export const chatSessionListBody = z.object({
  chatSessions: z.union([
    z.array(chatSessionWithMessagesResponse),
    z.array(chatSessionWithCountResponse),
  ]),
  nextCursor: pageCursor,
});
export const chatSessionWithMessagesBody = z.object({
  chatSession: chatSessionWithMessagesResponse,
});
export const chatSessionBody = z.object({ chatSession: chatSessionResponse });

export const messageListBody = z.object({
  messages: z.array(messageResponse),
  prevCursor: pageCursor,
});
export const messageBody = z.object({ message: messageResponse });

export const successBody = z.object({ success: z.literal(true) });

/** POST /api/chat/stop: false when no reply of yours with that id is running in this process. */
export const stopReplyResultBody = z.object({ stopped: z.boolean() });

export const errorCodes = Object.keys(errorStatus) as [
  keyof typeof errorStatus,
  ...(keyof typeof errorStatus)[],
];

export const errorBody = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    /** On 400: each failing input, e.g. `{ "path": "name", "message": "must not be empty" }`. */
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const healthBody = z.object({
  ok: z.literal(true),
  database: z.enum(["pglite", "postgres"] satisfies DatabaseDriver[]),
});

/** Health answers 503 with its own shape, so a load balancer can read `ok` either way. */
export const healthUnavailableBody = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.literal("unavailable"), message: z.string() }),
});
