import { z } from "zod";
import { env } from "@/env";
import { sessionCookieName } from "@/server/auth/session-cookie";
import packageJson from "../../../package.json";
import { MAX_BODY_BYTES } from "./request";
import {
  chatRequestBody,
  createChatMessageBody,
  createChatSessionBody,
  listChatMessagesQuery,
  listChatSessionsQuery,
  stopReplyBody,
  updateChatSessionBody,
} from "./schemas/chat";
import { idParam } from "./schemas/common";
import { createProjectBody, listProjectsQuery, updateProjectBody } from "./schemas/projects";
import * as res from "./schemas/responses";

// The API contract, generated from the zod schemas the handlers parse with and the response
// schemas in ./schemas/responses, so the document cannot drift from what the code accepts.

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const SESSION_COOKIE = sessionCookieName(false);
const SECURE_SESSION_COOKIE = sessionCookieName(true);

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: unknown) => ({ "application/json": { schema } });

/** zod → JSON Schema for OpenAPI 3.1 (which speaks draft 2020-12): no `$schema` per schema. */
function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    override: ({ jsonSchema }) => tidy(jsonSchema),
  }) as JsonSchema;
  return json;
}

/** zod emits a long regex beside `format: date-time` and `format: email`; the format says it. */
function tidy(json: Record<string, unknown>): void {
  if (json.format === "date-time" || json.format === "email") delete json.pattern;
}

/** Merges hand-written notes into a generated object schema's properties. */
function annotate(schema: JsonSchema, notes: Record<string, JsonSchema>): JsonSchema {
  const properties = { ...(schema.properties as Record<string, JsonSchema>) };
  for (const [key, note] of Object.entries(notes)) {
    const property = properties[key];
    if (!property) throw new Error(`openapi: no property "${key}" to annotate`);
    properties[key] = { ...property, ...note };
  }
  return { ...schema, properties };
}

const TEXT_RULES = "No NUL character and no lone surrogate.";
/** The handlers read `limit` as digits and check the range after: as a parameter, an integer. */
const PAGE_LIMIT = {
  type: "integer",
  minimum: 1,
  maximum: 200,
  pattern: undefined,
} satisfies JsonSchema;
const NAME_NOTE = {
  description: `Trimmed, then 1–200 characters. ${TEXT_RULES}`,
} satisfies JsonSchema;

/** Request bodies, documented as the handlers receive them (zod's input side). */
function requestBodies(): Record<string, JsonSchema> {
  const maxContent = env().CHAT_MAX_CONTENT_CHARS;
  const projectNotes = {
    name: NAME_NOTE,
    description: { description: `Free text, or null to clear it. ${TEXT_RULES}` },
    type: { description: "Trimmed, 1–50 characters." },
  };
  return {
    CreateProjectBody: annotate(toJsonSchema(createProjectBody, "input"), {
      ...projectNotes,
      type: { ...projectNotes.type, default: "document" },
    }),
    UpdateProjectBody: {
      ...annotate(toJsonSchema(updateProjectBody, "input"), {
        ...projectNotes,
        files: { description: "The whole file map (path → content); replaces the stored one." },
      }),
      minProperties: 1,
      description: "Send at least one field; the others keep their values.",
    },
    CreateChatSessionBody: annotate(toJsonSchema(createChatSessionBody, "input"), {
      name: { ...NAME_NOTE, default: "New Chat" },
    }),
    UpdateChatSessionBody: annotate(toJsonSchema(updateChatSessionBody, "input"), {
      name: NAME_NOTE,
    }),
    CreateChatMessageBody: annotate(toJsonSchema(createChatMessageBody(), "input"), {
      // The limit lives in a refinement JSON Schema cannot see; maxLength counts code points too.
      content: {
        minLength: 1,
        maxLength: maxContent,
        description: `1 to CHAT_MAX_CONTENT_CHARS (here ${maxContent}) characters. ${TEXT_RULES}`,
      },
      id: {
        description:
          "Optional client-chosen id. Re-sending the same message with the same id returns the " +
          "stored one with 200 instead of adding a copy; a different message under that id is 409.",
      },
    }),
    ChatRequestBody: annotate(toJsonSchema(chatRequestBody(), "input"), {
      message: {
        description:
          "The new user message in the AI SDK's UIMessage form. Its text parts, joined, are the " +
          `content: 1 to ${maxContent} characters. The id makes retries safe.`,
      },
      trigger: {
        description:
          "`regenerate-message` discards a finished reply to this message and answers it again.",
      },
    }),
    StopReplyBody: annotate(toJsonSchema(stopReplyBody, "input"), {
      messageId: { description: "The reply's id: `messageId` of the stream's `start` part." },
    }),
    // Better Auth's own endpoints: not parsed by our schemas, described by hand.
    SignUpBody: toJsonSchema(
      z.object({
        name: z.string().min(1),
        email: z.email(),
        password: z.string().min(8).max(128),
      }),
      "input",
    ),
    SignInBody: toJsonSchema(
      z.object({ email: z.email(), password: z.string(), rememberMe: z.boolean().optional() }),
      "input",
    ),
  };
}

/** Response bodies: the registry turns shared entities into `$ref`s. */
function responseBodies(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const named: Record<string, z.ZodType> = {
    Project: res.projectResponse,
    Message: res.messageResponse,
    ChatSession: res.chatSessionResponse,
    ChatSessionWithMessages: res.chatSessionWithMessagesResponse,
    ChatSessionWithMessageCount: res.chatSessionWithCountResponse,
    ProjectList: res.projectListBody,
    ProjectEnvelope: res.projectBody,
    ChatSessionList: res.chatSessionListBody,
    ChatSessionWithMessagesEnvelope: res.chatSessionWithMessagesBody,
    ChatSessionEnvelope: res.chatSessionBody,
    MessageList: res.messageListBody,
    MessageEnvelope: res.messageBody,
    Success: res.successBody,
    Error: res.errorBody,
    Health: res.healthBody,
    HealthUnavailable: res.healthUnavailableBody,
    StopReplyResult: res.stopReplyResultBody,
  };
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: "output",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ jsonSchema }) => tidy(jsonSchema as Record<string, unknown>),
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...json } = schema as JsonSchema;
    out[id] = json;
  }
  return out;
}

const errorResponses = {
  BadRequest:
    "The body, a query parameter or a cursor is not valid; `details` names each failing path.",
  Unauthorized: "No valid session cookie: sign in first.",
  Forbidden:
    "A write from another site: the browser sent a cross-site `Sec-Fetch-Site` or a foreign " +
    "`Origin`.",
  NotFound:
    "No such resource among yours: someone else's, a missing one and an id that cannot exist " +
    "all look the same.",
  Conflict: "A different message already exists with this client-chosen id.",
  RateLimited: "Too many requests; retry after the `Retry-After` seconds.",
  PayloadTooLarge: `The body is larger than ${MAX_BODY_BYTES} bytes (1 MiB).`,
  UnsupportedMediaType: "The body is not sent as `Content-Type: application/json`.",
  Unavailable: "The database cannot be reached; retry after the `Retry-After` seconds.",
  Internal: "An unexpected error; logged on the server, answered without details.",
} as const;
type ErrorName = keyof typeof errorResponses;

const statusOf: Record<ErrorName, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  RateLimited: 429,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  Unavailable: 503,
  Internal: 500,
};

interface RouteSpec {
  method: "get" | "post" | "patch" | "delete";
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** A path `{id}`: an id that does not match answers 404, like a missing one. */
  pathId?: string;
  query?: { schema: z.ZodType; notes: Record<string, JsonSchema> };
  body?: string;
  /** A JSON body by component name, or the response's whole `content`. */
  ok: ({ status: number; description: string } & (
    | { schema: string }
    | { content: Record<string, unknown> }
  ))[];
  /** Errors the handler itself raises, beyond those `withUser` adds. */
  errors?: ErrorName[];
}

/** An operation behind `withUser`: its error list follows what that wrapper checks. */
function userOperation(spec: RouteSpec): Operation {
  const errors = new Set<ErrorName>(spec.errors);
  errors.add("Unauthorized");
  errors.add("Unavailable");
  errors.add("Internal");
  if (spec.method !== "get") errors.add("Forbidden");
  if (spec.body) {
    errors.add("BadRequest");
    errors.add("PayloadTooLarge");
    errors.add("UnsupportedMediaType");
  }
  if (spec.query) errors.add("BadRequest");
  if (spec.pathId) errors.add("NotFound");

  const parameters: JsonSchema[] = [];
  if (spec.pathId) {
    parameters.push({
      name: "id",
      in: "path",
      required: true,
      description: spec.pathId,
      schema: toJsonSchema(idParam, "input"),
    });
  }
  if (spec.query) parameters.push(...queryParameters(spec.query.schema, spec.query.notes));

  const responses: Record<string, unknown> = {};
  for (const ok of spec.ok) {
    const content = "schema" in ok ? jsonContent(ref(ok.schema)) : ok.content;
    responses[ok.status] = { description: ok.description, content };
  }
  const ordered = [...errors].sort((a, b) => statusOf[a] - statusOf[b]);
  for (const name of ordered)
    responses[statusOf[name]] = { $ref: `#/components/responses/${name}` };

  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description && { description: spec.description }),
    ...(parameters.length > 0 && { parameters }),
    ...(spec.body && {
      requestBody: {
        required: true,
        content: { "application/json": { schema: ref(spec.body) } },
      },
    }),
    responses,
  };
}

/** One query parameter per property of the handler's query schema (input side). */
function queryParameters(schema: z.ZodType, notes: Record<string, JsonSchema>): JsonSchema[] {
  const json = annotate(toJsonSchema(schema, "input"), notes);
  const properties = json.properties as Record<string, JsonSchema>;
  const required = new Set(json.required as string[] | undefined);
  return Object.entries(properties).map(([name, { description, ...property }]) => ({
    name,
    in: "query",
    required: required.has(name),
    ...(description !== undefined && { description }),
    schema: property,
  }));
}

function publicOperation(operation: Operation): Operation {
  return { security: [], ...operation };
}

const AUTH_NOTE =
  'Better Auth\'s endpoint: its errors are `{ "message", "code"? }`, not the API\'s error envelope.';

const PAGE_NOTE =
  "Paged form: sent with `limit` and/or a cursor. Without both, the whole list comes back and " +
  "the cursor field is absent.";

function paths(): Record<string, Record<string, Operation>> {
  const session = (status: number, description: string) => ({
    status,
    schema: "ChatSessionWithMessagesEnvelope",
    description,
  });
  return {
    "/api/health": {
      get: publicOperation({
        operationId: "getHealth",
        tags: ["health"],
        summary: "Readiness: 200 when the database answers",
        responses: {
          200: { description: "Ready", content: jsonContent(ref("Health")) },
          503: {
            description: "The database is not answering",
            content: jsonContent(ref("HealthUnavailable")),
          },
        },
      }),
    },
    "/api/openapi.json": {
      get: publicOperation({
        operationId: "getOpenApiDocument",
        tags: ["meta"],
        summary: "This document",
        responses: {
          200: { description: "OpenAPI 3.1", content: jsonContent({ type: "object" }) },
        },
      }),
    },
    "/api/auth/sign-up/email": {
      post: publicOperation({
        operationId: "signUpEmail",
        tags: ["auth"],
        summary: "Create an account and sign in",
        description: `Sets the session cookie. ${AUTH_NOTE}`,
        requestBody: { required: true, content: jsonContent(ref("SignUpBody")) },
        responses: {
          200: { description: "Signed up and signed in: `{ token, user }`" },
          400: { description: "Invalid email, or a password under 8 or over 128 characters" },
          403: { description: "Sent from an origin that is not this app's" },
          415: { description: "The body is not `application/json`" },
          422: { description: "An account with this email already exists" },
          429: { description: "Too many attempts from this address; see `X-Retry-After`" },
        },
      }),
    },
    "/api/auth/sign-in/email": {
      post: publicOperation({
        operationId: "signInEmail",
        tags: ["auth"],
        summary: "Sign in",
        description: `Sets the session cookie. ${AUTH_NOTE}`,
        requestBody: { required: true, content: jsonContent(ref("SignInBody")) },
        responses: {
          200: { description: "Signed in: `{ redirect, token, user }`" },
          401: { description: "Invalid email or password" },
          403: { description: "Sent from an origin that is not this app's" },
          415: { description: "The body is not `application/json`" },
          429: {
            description:
              "Too many attempts from this address (Better Auth's `{ message }`, see " +
              "`X-Retry-After`), or for this account (the `rate_limited` error, see `Retry-After`)",
          },
        },
      }),
    },
    "/api/auth/sign-out": {
      post: {
        operationId: "signOut",
        tags: ["auth"],
        summary: "Sign out: ends the session and clears the cookie",
        description:
          "A request carrying the session cookie must also carry an `Origin` header naming this " +
          `app (browsers do; add it with curl), and a JSON body such as \`{}\`. ${AUTH_NOTE}`,
        requestBody: { required: true, content: jsonContent({ type: "object" }) },
        responses: {
          200: { description: "`{ success: true }`" },
          400: { description: "The body is not JSON" },
          403: { description: "No `Origin`, or a foreign one" },
          415: { description: "The body is not `application/json`" },
        },
      },
    },
    "/api/auth/get-session": {
      get: publicOperation({
        operationId: "getSession",
        tags: ["auth"],
        summary: "The current session and user, or `null` when signed out",
        description: AUTH_NOTE,
        responses: { 200: { description: "`{ session, user }`, or `null`" } },
      }),
    },
    "/api/chat": {
      post: userOperation({
        method: "post",
        operationId: "chat",
        tag: "chat",
        summary: "Save a user message and stream the model's reply",
        description:
          "Saves the message as `POST /api/chat-messages` would (idempotent by `message.id`), " +
          "reserves the reply (`status: streaming`) and streams it as the AI SDK's UI message " +
          "stream (server-sent events; header `x-vercel-ai-ui-message-stream: v1`). The reply " +
          "is saved on the server even if the client goes away. Re-sending a message that " +
          "already has a reply streams the stored reply in one piece. Rate limited per user " +
          "(CHAT_RATE_LIMIT_PER_MINUTE); 503 also when the AI provider is not configured.",
        body: "ChatRequestBody",
        ok: [
          {
            status: 200,
            description:
              "`data: {json}` events: `start` (with `messageId`, the reply's id, and " +
              "`messageMetadata: { createdAt, userMessageId }`), `text-delta`s, then `finish`; " +
              "an `error` event if the model fails.",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
        ],
        errors: ["NotFound", "Conflict", "RateLimited"],
      }),
    },
    "/api/chat/stop": {
      post: userOperation({
        method: "post",
        operationId: "stopReply",
        tag: "chat",
        summary: "Stop generating one of your replies; the text so far is kept as `partial`",
        body: "StopReplyBody",
        ok: [
          { status: 200, schema: "StopReplyResult", description: "Whether a reply was stopped" },
        ],
      }),
    },
    "/api/events": {
      get: userOperation({
        method: "get",
        operationId: "liveEvents",
        tag: "chat",
        summary: "Your changes, from any tab or instance, as server-sent events",
        description:
          "A long-lived stream: `data: {json}` for each change to your projects' chats, " +
          "`: ping` every 15 s, `retry: 1000`. Events: `message` (created, or a streaming reply's " +
          "text so far, about every second), `message-deleted`, `session` (created, renamed, or " +
          "moved by a new message), `session-deleted`, `project-deleted`. Each carries `projectId`.",
        ok: [
          {
            status: 200,
            description: "The event stream",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
        ],
      }),
    },
    "/api/projects": {
      get: userOperation({
        method: "get",
        operationId: "listProjects",
        tag: "projects",
        summary: "Your projects, most recently updated first",
        description: `${PAGE_NOTE} Pass \`nextCursor\` back as \`cursor\` for the next page; null means the last page.`,
        query: {
          schema: listProjectsQuery,
          notes: {
            limit: {
              ...PAGE_LIMIT,
              description: "Page size, 1–200; a `cursor` without it pages by 50",
            },
            cursor: { description: "The `nextCursor` of the previous page" },
          },
        },
        ok: [{ status: 200, schema: "ProjectList", description: "Your projects" }],
      }),
      post: userOperation({
        method: "post",
        operationId: "createProject",
        tag: "projects",
        summary: "Create a project",
        body: "CreateProjectBody",
        ok: [{ status: 201, schema: "ProjectEnvelope", description: "Created" }],
      }),
    },
    "/api/projects/{id}": {
      get: userOperation({
        method: "get",
        operationId: "getProject",
        tag: "projects",
        summary: "One of your projects",
        pathId: "Project id",
        ok: [{ status: 200, schema: "ProjectEnvelope", description: "The project" }],
      }),
      patch: userOperation({
        method: "patch",
        operationId: "updateProject",
        tag: "projects",
        summary: "Change name, description, type, status or files",
        pathId: "Project id",
        body: "UpdateProjectBody",
        ok: [{ status: 200, schema: "ProjectEnvelope", description: "The updated project" }],
      }),
      delete: userOperation({
        method: "delete",
        operationId: "deleteProject",
        tag: "projects",
        summary: "Delete a project with its sessions and messages",
        pathId: "Project id",
        ok: [{ status: 200, schema: "Success", description: "Deleted" }],
      }),
    },
    "/api/chat-sessions": {
      get: userOperation({
        method: "get",
        operationId: "listChatSessions",
        tag: "chat-sessions",
        summary: "A project's sessions, most recently updated first",
        description:
          "By default every session carries all its messages (the spec's form). " +
          "`includeMessages=false` gives `messageCount` instead. " +
          PAGE_NOTE +
          " Pass `nextCursor` back as `cursor` for the next page; null means the last page.",
        query: {
          schema: listChatSessionsQuery,
          notes: {
            projectId: { description: "The project whose sessions to list" },
            includeMessages: {
              description: "`true`: each session with `messages`; `false`: with `messageCount`",
            },
            limit: {
              ...PAGE_LIMIT,
              description: "Page size, 1–200; a `cursor` without it pages by 50",
            },
            cursor: { description: "The `nextCursor` of the previous page" },
          },
        },
        ok: [
          {
            status: 200,
            schema: "ChatSessionList",
            description: "The sessions, with messages or message counts",
          },
        ],
        errors: ["NotFound"],
      }),
      post: userOperation({
        method: "post",
        operationId: "createChatSession",
        tag: "chat-sessions",
        summary: "Start a session in one of your projects",
        description:
          'Without a `name` the session is "New Chat" and takes its name from the first user ' +
          "message; a name you give is kept.",
        body: "CreateChatSessionBody",
        ok: [session(201, "Created, with `messages: []`")],
        errors: ["NotFound"],
      }),
    },
    "/api/chat-sessions/{id}": {
      get: userOperation({
        method: "get",
        operationId: "getChatSession",
        tag: "chat-sessions",
        summary: "One of your sessions with all its messages in order",
        pathId: "Chat session id",
        ok: [session(200, "The session")],
      }),
      patch: userOperation({
        method: "patch",
        operationId: "renameChatSession",
        tag: "chat-sessions",
        summary: "Rename a session",
        description:
          "The name is final: automatic naming never replaces it. Moves `updatedAt`. " +
          "The answer carries the session without `messages`.",
        pathId: "Chat session id",
        body: "UpdateChatSessionBody",
        ok: [{ status: 200, schema: "ChatSessionEnvelope", description: "The renamed session" }],
      }),
      delete: userOperation({
        method: "delete",
        operationId: "deleteChatSession",
        tag: "chat-sessions",
        summary: "Delete a session and its messages",
        pathId: "Chat session id",
        ok: [{ status: 200, schema: "Success", description: "Deleted" }],
      }),
    },
    "/api/chat-messages": {
      get: userOperation({
        method: "get",
        operationId: "listChatMessages",
        tag: "chat-messages",
        summary: "A session's messages, oldest first",
        description:
          "Without `limit` or `before`: every message. " +
          "Paged: the newest `limit` messages older than `before`, still oldest first within the " +
          "page; pass `prevCursor` back as `before` for the page before it, null means none.",
        query: {
          schema: listChatMessagesQuery,
          notes: {
            chatSessionId: { description: "The session whose messages to list" },
            limit: {
              ...PAGE_LIMIT,
              description: "Page size, 1–200; a `before` without it pages by 50",
            },
            before: { description: "The `prevCursor` of the newer page" },
          },
        },
        ok: [{ status: 200, schema: "MessageList", description: "The messages" }],
        errors: ["NotFound"],
      }),
      post: userOperation({
        method: "post",
        operationId: "createChatMessage",
        tag: "chat-messages",
        summary: "Add a message to a session you own",
        description:
          "Stored with `status: complete`; moves the session's `updatedAt`; the first user " +
          'message names a session still called "New Chat". Idempotent with a client `id`.',
        body: "CreateChatMessageBody",
        ok: [
          { status: 201, schema: "MessageEnvelope", description: "Created" },
          {
            status: 200,
            schema: "MessageEnvelope",
            description: "Already stored under this `id`: the stored message, nothing added",
          },
        ],
        errors: ["NotFound", "Conflict"],
      }),
    },
  };
}

const STATUS_NOTES = [
  "`complete`: the whole message.",
  "`streaming`: a reply the model is still writing; its content grows.",
  "`partial`: a reply cut off (stopped, failed midway, or the server restarted): what arrived.",
  "`error`: the model failed before writing anything; the content is empty.",
].join(" ");

/** The OpenAPI 3.1 description of the HTTP API, served at /api/openapi.json. */
export function buildOpenApiDocument() {
  const schemas = { ...responseBodies(), ...requestBodies() };
  const message = schemas.Message as { properties: Record<string, JsonSchema> };
  message.properties = annotate(message, { status: { description: STATUS_NOTES } })
    .properties as Record<string, JsonSchema>;

  const responses: Record<string, unknown> = {};
  for (const [name, description] of Object.entries(errorResponses)) {
    responses[name] = { description, content: jsonContent(ref("Error")) };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Craft API",
      version: packageJson.version,
      description:
        "JSON over HTTP. Sign in through /api/auth/* to get the session cookie; every other " +
        "route except /api/health and this document needs it. Writes (POST, PATCH, DELETE) " +
        "from a browser must be same-origin; bodies must be `application/json`, at most 1 MiB. " +
        'Errors answer `{ "error": { "code", "message", "details"? } }`. Timestamps are ' +
        "ISO-8601 strings in UTC.",
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "auth", description: "Better Auth's endpoints under /api/auth/*" },
      { name: "projects" },
      { name: "chat-sessions" },
      { name: "chat-messages" },
      { name: "chat", description: "Talking to the model" },
      { name: "health" },
      { name: "meta" },
    ],
    // One name or the other, by the server's configuration (see the schemes' descriptions).
    security: [{ sessionCookie: [] }, { secureSessionCookie: [] }],
    paths: paths(),
    components: {
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description:
            "Set by sign-up and sign-in, and renewed (a new Set-Cookie on any answer) once a " +
            "day while the session is in use. Its name when BETTER_AUTH_URL is unset or http://; " +
            "then it is the only name accepted.",
        },
        secureSessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: SECURE_SESSION_COOKIE,
          description:
            "The same cookie, marked Secure, when BETTER_AUTH_URL is https://; then it is the " +
            "only name accepted, so a cookie planted under the other name counts for nothing.",
        },
      },
      schemas,
      responses,
    },
  };
}
