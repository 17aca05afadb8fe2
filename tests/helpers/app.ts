// Drives the route handlers in-process, the way Next would route a request to them.
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as chatRoute from "@/app/api/chat/route";
import * as chatStopRoute from "@/app/api/chat/stop/route";
import * as chatMessageRoute from "@/app/api/chat-messages/[id]/route";
import * as chatMessagesRoute from "@/app/api/chat-messages/route";
import * as activeBranchRoute from "@/app/api/chat-sessions/[id]/active-branch/route";
import * as chatSessionExportRoute from "@/app/api/chat-sessions/[id]/export/route";
import * as shareLinkRoute from "@/app/api/chat-sessions/[id]/links/[linkId]/route";
import * as shareLinksRoute from "@/app/api/chat-sessions/[id]/links/route";
import * as chatSessionRoute from "@/app/api/chat-sessions/[id]/route";
import * as chatSessionShareRoute from "@/app/api/chat-sessions/[id]/shares/[userId]/route";
import * as chatSessionSharesRoute from "@/app/api/chat-sessions/[id]/shares/route";
import * as chatSessionSummaryRoute from "@/app/api/chat-sessions/[id]/summary/route";
import * as chatSessionsBulkRoute from "@/app/api/chat-sessions/bulk/route";
import * as chatSessionsRoute from "@/app/api/chat-sessions/route";
import * as eventsRoute from "@/app/api/events/route";
import * as accountExportRoute from "@/app/api/export/route";
import * as healthRoute from "@/app/api/health/route";
import * as importRoute from "@/app/api/import/route";
import * as importJobRoute from "@/app/api/imports/[id]/route";
import * as importsRoute from "@/app/api/imports/route";
import * as projectExportRoute from "@/app/api/projects/[id]/export/route";
import * as projectRoute from "@/app/api/projects/[id]/route";
import * as projectsRoute from "@/app/api/projects/route";
import * as searchRoute from "@/app/api/search/route";
import * as sharedRoute from "@/app/api/shared/route";
import * as tagRoute from "@/app/api/tags/[id]/route";
import * as tagsRoute from "@/app/api/tags/route";
import * as templateRoute from "@/app/api/templates/[id]/route";
import * as templatesRoute from "@/app/api/templates/route";
import { resetAuth } from "@/server/auth/auth";
import { closeDatabase } from "@/server/db";

export const ORIGIN = "http://localhost:3000";

// `never` params: every route module fits, whatever its own params type.
type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>;

const routes: [RegExp, RouteModule][] = [
  [/^\/api\/auth\/.+$/, authRoute as RouteModule],
  [/^\/api\/health$/, healthRoute as RouteModule],
  [/^\/api\/projects$/, projectsRoute],
  [/^\/api\/projects\/(?<id>[^/]+)$/, projectRoute],
  [/^\/api\/projects\/(?<id>[^/]+)\/export$/, projectExportRoute],
  [/^\/api\/export$/, accountExportRoute],
  [/^\/api\/import$/, importRoute],
  [/^\/api\/imports$/, importsRoute],
  [/^\/api\/imports\/(?<id>[^/]+)$/, importJobRoute],
  [/^\/api\/chat-sessions$/, chatSessionsRoute],
  // A static segment wins over [id], as in Next's router.
  [/^\/api\/chat-sessions\/bulk$/, chatSessionsBulkRoute],
  [/^\/api\/chat-sessions\/(?<id>[^/]+)$/, chatSessionRoute],
  [/^\/api\/chat-sessions\/(?<id>[^/]+)\/active-branch$/, activeBranchRoute],
  [/^\/api\/chat-sessions\/(?<id>[^/]+)\/summary$/, chatSessionSummaryRoute],
  [/^\/api\/chat-sessions\/(?<id>[^/]+)\/export$/, chatSessionExportRoute],
  [/^\/api\/chat-sessions\/(?<id>[^/]+)\/shares$/, chatSessionSharesRoute],
  [/^\/api\/chat-sessions\/(?<id>[^/]+)\/shares\/(?<userId>[^/]+)$/, chatSessionShareRoute],
  [/^\/api\/shared$/, sharedRoute],
  [/^\/api\/chat-sessions\/(?<id>[^/]+)\/links$/, shareLinksRoute],
  [/^\/api\/chat-sessions\/(?<id>[^/]+)\/links\/(?<linkId>[^/]+)$/, shareLinkRoute],
  [/^\/api\/chat-messages$/, chatMessagesRoute],
  [/^\/api\/chat-messages\/(?<id>[^/]+)$/, chatMessageRoute],
  [/^\/api\/chat$/, chatRoute],
  [/^\/api\/chat\/stop$/, chatStopRoute],
  [/^\/api\/events$/, eventsRoute],
  [/^\/api\/search$/, searchRoute],
  [/^\/api\/tags$/, tagsRoute],
  [/^\/api\/tags\/(?<id>[^/]+)$/, tagRoute],
  [/^\/api\/templates$/, templatesRoute],
  [/^\/api\/templates\/(?<id>[^/]+)$/, templateRoute],
];

export interface CallOptions {
  body?: unknown;
  /** Sent as-is instead of JSON.stringify(body). */
  rawBody?: string | Uint8Array;
  /** Sent as multipart/form-data (an upload), its boundary in the content type. */
  form?: FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** Sends a request to the matching route handler and returns its raw Response. */
export async function send(
  method: string,
  pathAndQuery: string,
  cookie: string | undefined,
  options: CallOptions = {},
): Promise<Response> {
  const url = new URL(pathAndQuery, ORIGIN);
  const match = routes
    .map(([pattern, module]) => ({ found: pattern.exec(url.pathname), module }))
    .find(({ found }) => found);
  const handler = match?.module[method as keyof RouteModule];
  if (!match?.found || !handler) throw new Error(`no route for ${method} ${url.pathname}`);

  const headers = new Headers(options.headers);
  if (cookie) headers.set("cookie", cookie);
  let body: BodyInit | undefined;
  if (options.form !== undefined) body = options.form;
  else if (options.rawBody !== undefined) body = options.rawBody as BodyInit;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const params = Promise.resolve({ ...match.found.groups }) as Promise<never>;
  return handler(new Request(url, { method, headers, body, signal: options.signal }), { params });
}

export async function request<T = Record<string, any>>(
  method: string,
  pathAndQuery: string,
  cookie: string | undefined,
  options: CallOptions = {},
): Promise<ApiResponse<T>> {
  const response = await send(method, pathAndQuery, cookie, options);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** A client bound to one user's cookie (or to nobody). */
export function client(cookie?: string) {
  return {
    cookie,
    /** The raw Response of a JSON POST (for streams). */
    stream: (path: string, body: unknown, o?: CallOptions) =>
      send("POST", path, cookie, { body, ...o }),
    get: <T = Record<string, any>>(path: string, o?: CallOptions) =>
      request<T>("GET", path, cookie, o),
    post: <T = Record<string, any>>(path: string, body?: unknown, o?: CallOptions) =>
      request<T>("POST", path, cookie, { body, ...o }),
    /** A multipart/form-data POST (an upload). */
    upload: <T = Record<string, any>>(path: string, form: FormData, o?: CallOptions) =>
      request<T>("POST", path, cookie, { form, ...o }),
    patch: <T = Record<string, any>>(path: string, body?: unknown, o?: CallOptions) =>
      request<T>("PATCH", path, cookie, { body, ...o }),
    delete: <T = Record<string, any>>(path: string, o?: CallOptions) =>
      request<T>("DELETE", path, cookie, o),
  };
}
export type Client = ReturnType<typeof client>;

let userCounter = 0;
// Per-address limits may live in Redis, shared by test files and runs: each file its own subnet.
const subnet = 1 + Math.floor(Math.random() * 200);

/** Signs a new user up through Better Auth's endpoint and returns a client with their cookie. */
export async function signUp(overrides: { email?: string; password?: string; name?: string } = {}) {
  userCounter += 1;
  const email = overrides.email ?? `user${userCounter}-${Date.now()}@example.com`;
  const password = overrides.password ?? "correct horse battery";
  const res = await request("POST", "/api/auth/sign-up/email", undefined, {
    body: { name: overrides.name ?? `User ${userCounter}`, email, password },
    // Each test user is its own client, as far as the sign-up rate limit can tell.
    headers: {
      "x-forwarded-for": `10.${subnet}.${Math.floor(userCounter / 250)}.${userCounter % 250}`,
    },
  });
  if (res.status !== 200)
    throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = sessionCookie(res.headers);
  return {
    ...client(cookie),
    email,
    password,
    userId: (res.body as { user: { id: string } }).user.id,
  };
}

/** The `name=value` pair of the session cookie a response set. */
export function sessionCookie(headers: Headers): string {
  const cookies = headers.getSetCookie();
  const session = cookies.find((c) => c.includes("session_token="));
  if (!session) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return session.split(";")[0] ?? "";
}

export async function closeTestDatabase(): Promise<void> {
  resetAuth();
  await closeDatabase();
}
