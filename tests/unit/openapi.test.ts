import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { env } from "@/env";
import * as res from "@/lib/contract/bodies";
import { ApiError, errorResponse, errorStatus } from "@/server/http/errors";
import { buildOpenApiDocument } from "@/server/http/openapi";
import { NO_SUMMARY } from "../helpers/no-summary";

type Schema = Record<string, any>;
const doc: Schema = buildOpenApiDocument();

const API_DIR = path.resolve(import.meta.dirname, "../../src/app/api");
const UNDOCUMENTED = new Set(["auth", "openapi.json"]);

/** Every route file under src/app/api as [OpenAPI path, exported HTTP methods]. */
function routeFiles(dir = API_DIR, segments: string[] = []): [string, string[]][] {
  const found: [string, string[]][] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (segments.length === 0 && UNDOCUMENTED.has(entry.name)) continue;
      found.push(...routeFiles(full, [...segments, entry.name]));
    } else if (entry.name === "route.ts") {
      const source = fs.readFileSync(full, "utf8");
      const methods = [
        ...source.matchAll(
          /export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
        ),
      ].map((m) => m[1] as string);
      const route = segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
      found.push([`/api/${route}`, methods]);
    }
  }
  return found;
}

function resolve(schema: Schema): Schema {
  const target = schema.$ref as string | undefined;
  if (!target) return schema;
  const name = target.replace("#/components/schemas/", "");
  const resolved = doc.components.schemas[name];
  if (!resolved) throw new Error(`dangling $ref ${target}`);
  return resolved as Schema;
}

const operation = (route: string, method: string): Schema =>
  (doc.paths as Record<string, Record<string, Schema>>)[route]?.[method] ?? {};

const requestSchema = (route: string, method: string) =>
  resolve(operation(route, method).requestBody.content["application/json"].schema);

const parameter = (route: string, method: string, name: string): Schema | undefined =>
  (operation(route, method).parameters as Schema[] | undefined)?.find((p) => p.name === name);

describe("OpenAPI document: coverage", () => {
  const routes = routeFiles();

  it("finds the route files it checks", () => {
    expect(routes.map(([route]) => route)).toEqual(
      expect.arrayContaining(["/api/projects", "/api/chat-sessions/{id}", "/api/chat-messages"]),
    );
    expect(routes.every(([, methods]) => methods.length > 0)).toBe(true);
  });

  it.each(routes)("documents every method of %s", (route, methods) => {
    const documented = Object.keys((doc.paths as Record<string, object>)[route] ?? {});
    expect(documented.sort()).toEqual(methods.map((m) => m.toLowerCase()).sort());
  });

  it("documents no route that has no file (auth aside)", () => {
    const files = new Set(routes.map(([route]) => route));
    const extra = Object.keys(doc.paths).filter(
      (p) => !files.has(p) && !p.startsWith("/api/auth/") && p !== "/api/openapi.json",
    );
    expect(extra).toEqual([]);
  });

  it("describes the Better Auth endpoints and cookie authentication", () => {
    expect(operation("/api/auth/sign-up/email", "post").requestBody).toBeDefined();
    expect(requestSchema("/api/auth/sign-up/email", "post").required).toEqual([
      "name",
      "email",
      "password",
    ]);
    expect(requestSchema("/api/auth/sign-in/email", "post").required).toEqual([
      "email",
      "password",
    ]);
    expect(operation("/api/auth/sign-out", "post").responses).toBeDefined();
    expect(operation("/api/auth/get-session", "get").responses).toBeDefined();
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({
      type: "apiKey",
      in: "cookie",
      name: "better-auth.session_token",
    });
    expect(doc.components.securitySchemes.secureSessionCookie.name).toBe(
      "__Secure-better-auth.session_token",
    );
    expect(doc.security).toEqual([{ sessionCookie: [] }, { secureSessionCookie: [] }]);
    expect(operation("/api/health", "get").security).toEqual([]);
  });

  it("has no dangling $ref and survives a JSON round trip", () => {
    const text = JSON.stringify(doc);
    for (const [, kind, name] of text.matchAll(/"#\/components\/(schemas|responses)\/(\w+)"/g)) {
      expect(doc.components[kind as "schemas" | "responses"], `${kind}/${name}`).toHaveProperty(
        name as string,
      );
    }
    expect(JSON.parse(text)).toEqual(doc);
    expect(doc.openapi).toBe("3.1.0");
  });
});

describe("OpenAPI document: requests", () => {
  it("requires chatSessionId, role and content on a new message, role user or assistant", () => {
    const body = requestSchema("/api/chat-messages", "post");
    expect(body.required).toEqual(["chatSessionId", "role", "content"]);
    expect(body.properties.role.enum).toEqual(["user", "assistant"]);
    expect(body.properties.content).toMatchObject({
      type: "string",
      minLength: 1,
      maxLength: env().CHAT_MAX_CONTENT_CHARS,
    });
    expect(body.properties.id.pattern).toBe("^[A-Za-z0-9_-]{1,64}$");
  });

  it("requires what the session and project handlers require", () => {
    expect(requestSchema("/api/chat-sessions", "post").required).toEqual(["projectId"]);
    expect(requestSchema("/api/chat-sessions", "post").properties).toHaveProperty("name");
    const patch = requestSchema("/api/chat-sessions/{id}", "patch");
    expect(patch.required).toBeUndefined();
    expect(patch.minProperties).toBe(1);
    expect(Object.keys(patch.properties).sort()).toEqual([
      "archived",
      "instructions",
      "name",
      "pinned",
      "tags",
    ]);
    expect(requestSchema("/api/projects", "post").required).toEqual(["name"]);
    const update = requestSchema("/api/projects/{id}", "patch");
    expect(update.required).toBeUndefined();
    expect(update.minProperties).toBe(1);
    expect(update.properties.status.enum).toEqual(["active", "archived"]);
  });

  it("describes summarize-now: an empty body, 202 with the session", () => {
    const op = operation("/api/chat-sessions/{id}/summary", "post");
    expect(
      Object.keys(requestSchema("/api/chat-sessions/{id}/summary", "post").properties ?? {}),
    ).toEqual([]);
    expect(Object.keys(op.responses).sort()).toEqual(
      expect.arrayContaining(["202", "401", "404", "409", "429"]),
    );
    const session = resolve(
      resolve(op.responses["202"].content["application/json"].schema).properties.chatSession,
    );
    expect(session.properties.summaryStatus.enum).toEqual(["idle", "running", "failed"]);
  });

  it("describes the streaming chat request and its stop", () => {
    const body = requestSchema("/api/chat", "post");
    expect(body.required).toEqual(["chatSessionId", "message"]);
    expect(body.properties.message.required).toEqual(["id", "role", "parts"]);
    expect(body.properties.message.properties.role.const).toBe("user");
    expect(Object.keys(operation("/api/chat", "post").responses["200"].content)).toEqual([
      "text/event-stream",
    ]);
    expect(Object.keys(operation("/api/chat", "post").responses)).toContain("429");
    expect(requestSchema("/api/chat/stop", "post").required).toEqual(["messageId"]);
  });

  it("lists the query parameters of the list endpoints", () => {
    expect(parameter("/api/chat-sessions", "get", "projectId")?.required).toBe(true);
    expect(parameter("/api/chat-sessions", "get", "includeMessages")?.schema).toMatchObject({
      enum: ["true", "false"],
      default: "true",
    });
    expect(parameter("/api/chat-sessions", "get", "limit")?.schema).toMatchObject({
      minimum: 1,
      maximum: 200,
    });
    expect(parameter("/api/chat-sessions", "get", "cursor")?.required).toBe(false);
    expect(parameter("/api/chat-messages", "get", "chatSessionId")?.required).toBe(true);
    expect(parameter("/api/chat-messages", "get", "limit")?.required).toBe(false);
    expect(parameter("/api/chat-messages", "get", "before")?.required).toBe(false);
    expect(parameter("/api/chat-messages", "get", "after")?.required).toBe(false);
    expect(parameter("/api/chat-messages", "get", "around")?.schema.pattern).toBe(
      "^[A-Za-z0-9_-]{1,64}$",
    );
  });

  it("describes search: its query, its order, its page size and its answer", () => {
    expect(parameter("/api/search", "get", "q")?.required).toBe(true);
    expect(parameter("/api/search", "get", "q")?.schema).toMatchObject({
      minLength: 1,
      maxLength: 500,
    });
    expect(parameter("/api/search", "get", "projectId")?.required).toBe(false);
    expect(parameter("/api/search", "get", "order")?.schema).toMatchObject({
      enum: ["relevance", "newest"],
      default: "relevance",
    });
    expect(parameter("/api/search", "get", "limit")?.schema).toMatchObject({
      minimum: 1,
      maximum: 50,
      default: 20,
    });
    expect(parameter("/api/search", "get", "cursor")?.required).toBe(false);
    const ok = resolve(
      operation("/api/search", "get").responses["200"].content["application/json"].schema,
    );
    expect(ok.required).toEqual(["results", "nextCursor"]);
    const result = resolve(ok.properties.results.items);
    expect(result.required.sort()).toEqual(
      [
        "archived",
        "chatSessionId",
        "createdAt",
        "messageId",
        "projectId",
        "projectName",
        "role",
        "sessionName",
        "sessionSummary",
        "snippet",
      ].sort(),
    );
    expect(resolve(result.properties.snippet.items)).toMatchObject({
      required: ["text", "highlight"],
      properties: { text: { type: "string" }, highlight: { type: "boolean" } },
    });
    expect(Object.keys(operation("/api/search", "get").responses)).toEqual(
      expect.arrayContaining(["200", "400", "401", "404", "503"]),
    );
    expect(Object.keys(operation("/api/chat-messages", "get").responses)).toContain("409");
  });

  it("documents the errors each kind of route can answer", () => {
    const statuses = (route: string, method: string) =>
      Object.keys(operation(route, method).responses);
    for (const [route, methods] of routeFiles()) {
      if (route === "/api/health") continue;
      for (const method of methods.map((m) => m.toLowerCase())) {
        const codes = statuses(route, method);
        expect(codes, `${method} ${route}`).toEqual(expect.arrayContaining(["401", "503"]));
        if (method !== "get") expect(codes, `${method} ${route}`).toContain("403");
        const body = operation(route, method).requestBody;
        if (body) {
          // An upload (multipart) is not JSON: only a JSON body can be of the wrong type.
          const json = "content" in body && "application/json" in (body.content ?? {});
          expect(codes, `${method} ${route}`).toEqual(
            expect.arrayContaining(json ? ["400", "413", "415"] : ["400", "413"]),
          );
        }
        if (route.includes("{id}")) expect(codes, `${method} ${route}`).toContain("404");
      }
    }
    expect(statuses("/api/chat-messages", "post")).toEqual(
      expect.arrayContaining(["200", "201", "400", "404", "409"]),
    );
    expect(statuses("/api/chat-sessions", "get")).toEqual(expect.arrayContaining(["400", "404"]));
    expect(statuses("/api/projects", "get")).not.toContain("404");
  });
});

// The spec's examples (chat-sessions-implementation.md, "API Endpoints"), with `status` and
// the version fields (one branch, no other versions) added to messages, the organizing and
// summary fields (untouched, none yet) to sessions; `[...]` and `...` placeholders filled in.
const unorganized = {
  tags: [],
  pinned: false,
  archived: false,
  instructions: "",
  templateId: null,
  importedFrom: null,
  ...NO_SUMMARY,
};
const onBranch = <M extends { id: string }>(message: M, parentId: string | null) => ({
  ...message,
  authorId: null,
  authorName: null,
  parentId,
  siblingCount: 1,
  siblingIndex: 1,
  siblingIds: [message.id],
});
const userMessage = onBranch(
  {
    id: "cm3msg1",
    chatSessionId: "cm3abc123",
    role: "user",
    content: "Hello",
    createdAt: "2025-10-09T12:00:00Z",
    status: "complete",
  },
  null,
);
const specExamples: [string, z.ZodType, unknown][] = [
  [
    "GET /api/chat-sessions",
    res.chatSessionListBody,
    {
      chatSessions: [
        {
          id: "cm3abc123",
          name: "New Chat",
          projectId: "cm3project1",
          ...unorganized,
          createdAt: "2025-10-09T12:00:00Z",
          updatedAt: "2025-10-09T12:30:00Z",
          messages: [userMessage],
        },
      ],
    },
  ],
  [
    "POST /api/chat-sessions",
    res.chatSessionWithMessagesBody,
    {
      chatSession: {
        id: "cm3abc123",
        name: "My Chat Session",
        projectId: "cm3project1",
        ...unorganized,
        createdAt: "2025-10-09T12:00:00Z",
        updatedAt: "2025-10-09T12:00:00Z",
        messages: [],
      },
    },
  ],
  [
    "GET /api/chat-sessions/[id]",
    res.chatSessionWithMessagesBody,
    {
      chatSession: {
        id: "cm3abc123",
        name: "My Chat Session",
        projectId: "cm3project1",
        ...unorganized,
        createdAt: "2025-10-09T12:00:00Z",
        updatedAt: "2025-10-09T12:30:00Z",
        messages: [userMessage],
      },
    },
  ],
  [
    "PATCH /api/chat-sessions/[id]",
    res.chatSessionBody,
    {
      chatSession: {
        id: "cm3abc123",
        name: "Updated Chat Name",
        projectId: "cm3project1",
        ...unorganized,
        createdAt: "2025-10-09T12:00:00Z",
        updatedAt: "2025-10-09T12:31:00Z",
      },
    },
  ],
  ["DELETE /api/chat-sessions/[id]", res.successBody, { success: true }],
  [
    "POST /api/chat-messages",
    res.messageBody,
    {
      message: onBranch(
        {
          id: "cm3msg1",
          chatSessionId: "cm3abc123",
          role: "user",
          content: "Hello, how can I create a button?",
          createdAt: "2025-10-09T12:00:00Z",
          status: "complete",
        },
        null,
      ),
    },
  ],
  [
    "GET /api/chat-messages",
    res.messageListBody,
    {
      messages: [
        userMessage,
        onBranch(
          {
            id: "cm3msg2",
            chatSessionId: "cm3abc123",
            role: "assistant",
            content: "Hi! How can I help you?",
            createdAt: "2025-10-09T12:00:05Z",
            status: "complete",
          },
          "cm3msg1",
        ),
      ],
    },
  ],
];

describe("response schemas", () => {
  it.each(specExamples)("accept the spec's example for %s", (_, schema, example) => {
    expect(schema.safeParse(example).error).toBeUndefined();
  });

  it("accept a search page and a message page centred on a hit", () => {
    const hit = {
      chatSessionId: "cm3abc123",
      sessionName: "Styling",
      archived: false,
      sessionSummary: null,
      projectId: "cm3project1",
      projectName: "Landing page",
      messageId: "cm3msg1",
      role: "user",
      snippet: [
        { text: "How do I center a ", highlight: false },
        { text: "div", highlight: true },
      ],
      createdAt: "2025-10-09T12:00:00.000Z",
    };
    const nameHit = {
      ...hit,
      messageId: null,
      role: null,
      snippet: [{ text: "Styling", highlight: true }],
    };
    expect(
      res.searchResultsBody.safeParse({ results: [hit, nameHit], nextCursor: null }).success,
    ).toBe(true);
    expect(
      res.searchResultsBody.safeParse({
        results: [{ ...hit, snippet: "<b>div</b>" }],
        nextCursor: null,
      }).success,
    ).toBe(false);
    expect(
      res.searchResultsBody.safeParse({ results: [{ ...hit, rank: 1 }], nextCursor: null }).success,
    ).toBe(false);
    expect(
      res.messageListBody.safeParse({
        messages: [userMessage],
        prevCursor: null,
        nextCursor: "eyJhZnRlciI6Im0ifQ",
      }).success,
    ).toBe(true);
  });

  it("accept the lean, paged forms", () => {
    const lean = {
      chatSessions: [
        {
          id: "cm3abc123",
          name: "New Chat",
          projectId: "cm3project1",
          ...unorganized,
          createdAt: "2025-10-09T12:00:00.000Z",
          updatedAt: "2025-10-09T12:30:00.000Z",
          messageCount: 2,
        },
      ],
      nextCursor: null,
    };
    expect(res.chatSessionListBody.safeParse(lean).success).toBe(true);
    expect(
      res.messageListBody.safeParse({ messages: [], prevCursor: "eyJzZXEiOjN9" }).success,
    ).toBe(true);
  });

  it.each([
    ["a role outside user/assistant", { ...userMessage, role: "system" }],
    ["no status", { ...userMessage, status: undefined }],
    ["an unknown status", { ...userMessage, status: "done" }],
    ["a timestamp that is not ISO-8601", { ...userMessage, createdAt: "Oct 9, 2025" }],
    ["an internal column leaking out", { ...userMessage, seq: 1 }],
  ])("reject a message with %s", (_, message) => {
    expect(res.messageBody.safeParse({ message }).success).toBe(false);
  });

  it("rejects a session carrying both messages and messageCount", () => {
    const session = {
      id: "cm3abc123",
      name: "New Chat",
      projectId: "cm3project1",
      createdAt: "2025-10-09T12:00:00Z",
      updatedAt: "2025-10-09T12:30:00Z",
      messages: [userMessage],
      messageCount: 1,
    };
    expect(res.chatSessionListBody.safeParse({ chatSessions: [session] }).success).toBe(false);
  });

  it("describe the error bodies errorResponse actually sends", async () => {
    expect(res.errorBody.shape.error.shape.code.options).toEqual(Object.keys(errorStatus));
    const conflict = await errorResponse(new ApiError("conflict", "Taken")).json();
    expect(res.errorBody.parse(conflict)).toEqual(conflict);
    const invalid = z.object({ name: z.string() }).safeParse({});
    const badRequest = await errorResponse(invalid.error).json();
    expect(res.errorBody.parse(badRequest).error.details?.[0]?.path).toBe("name");
    expect(res.errorBody.safeParse({ error: { code: "teapot", message: "no" } }).success).toBe(
      false,
    );
    expect(res.errorBody.safeParse({ message: "Not found" }).success).toBe(false);
  });

  it("describe health", () => {
    expect(res.healthBody.safeParse({ ok: true, database: "pglite" }).success).toBe(true);
    expect(res.healthBody.safeParse({ ok: true, database: "sqlite" }).success).toBe(false);
  });
});
