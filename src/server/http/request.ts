import { env } from "@/env";
import { ApiError } from "./errors";

export const MAX_BODY_BYTES = 1024 * 1024;

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isWrite(req: Request): boolean {
  return WRITE_METHODS.has(req.method);
}

/**
 * The origins a browser may write from: BETTER_AUTH_URL's when it is set, else the one the
 * request was sent to (its Host header, which a browser sets to the server it reached); plus
 * BETTER_AUTH_TRUSTED_ORIGINS. Forwarding headers (X-Forwarded-Host, X-Forwarded-Proto) count
 * for nothing: whoever runs a proxy says where the app lives with BETTER_AUTH_URL.
 */
export function allowedOrigins(req: Request): Set<string> {
  const config = env();
  const url = new URL(req.url);
  const host = req.headers.get("host");
  const origins = new Set(
    config.BETTER_AUTH_URL
      ? [new URL(config.BETTER_AUTH_URL).origin]
      : [url.origin, ...(host ? [`${url.protocol}//${host}`] : [])],
  );
  for (const origin of config.BETTER_AUTH_TRUSTED_ORIGINS?.split(",") ?? []) {
    if (origin.trim()) origins.add(origin.trim());
  }
  return origins;
}

/**
 * Cross-site request forgery guard for writes. Browsers label cross-site requests with
 * Sec-Fetch-Site and Origin; clients that send neither (curl, server code) are not browsers
 * and cannot carry a victim's cookies, so they pass.
 */
export function assertSameOrigin(req: Request): void {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new ApiError("forbidden", "Cross-site requests are not allowed");
  }
  const origin = req.headers.get("origin");
  if (origin !== null && (origin === "null" || !allowedOrigins(req).has(origin))) {
    throw new ApiError("forbidden", "Cross-origin requests are not allowed");
  }
}

/** Rejects a declared oversize body before anything is read. */
export function assertDeclaredSize(req: Request): void {
  const declared = req.headers.get("content-length");
  if (declared && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
}

/** Reads a JSON body of at most MAX_BODY_BYTES; the limit holds for chunked bodies too. */
export async function readJsonBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the body as application/json");
  }
  const bytes = await readLimited(req);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError("bad_request", "The body is not valid UTF-8");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "The body is not valid JSON");
  }
  const protoPath = findProtoKey(body);
  if (protoPath !== null) {
    throw new ApiError("bad_request", "The request is not valid", [
      { path: protoPath, message: "__proto__ is not allowed as a key" },
    ]);
  }
  return body;
}

/**
 * The dotted path of the first object in a parsed body with an own `__proto__` key, or null.
 * JSON.parse keeps such a key as plain data, but assigning it anywhere later (zod copying a
 * record, a spread, a merge) sets a prototype instead: zod drops it silently, so a project
 * file named `__proto__` vanished while the request answered 200. Refused up front, for every
 * route. Walks with its own stack: a body may nest far deeper than the call stack allows.
 */
export function findProtoKey(body: unknown): string | null {
  interface Node {
    value: unknown;
    key: string;
    parent: Node | null;
  }
  // Parent links, not path strings: a path per node would cost the square of the depth.
  const pathOf = (node: Node | null, last: string) => {
    const keys = [last];
    for (let n = node; n?.parent; n = n.parent) keys.push(n.key);
    return keys.reverse().join(".");
  };
  const stack: Node[] = [{ value: body, key: "", parent: null }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const { value } = node;
    if (typeof value !== "object" || value === null) continue;
    if (!Array.isArray(value) && Object.hasOwn(value, "__proto__")) {
      return pathOf(node, "__proto__");
    }
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === "object" && child !== null)
        stack.push({ value: child, key, parent: node });
    }
  }
  return null;
}

async function readLimited(req: Request): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(): ApiError {
  return new ApiError("payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes`);
}
