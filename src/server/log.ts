import { DrizzleQueryError } from "drizzle-orm/errors";
import { sqlState } from "@/server/db/errors";

// What the server log may hold about a failure. Drizzle's DrizzleQueryError message is
// "Failed query: <sql>\nparams: <values>", and the values are whatever the query was given: a
// session token, a password hash, the text of a chat message. The SQL itself is parameterized
// ($1, $2…) throughout this app, so it is kept: it says which query failed.

const MAX_CAUSES = 4;
const MAX_MESSAGE_CHARS = 500;
// A parameter value shorter than this is not hunted down in other messages: "1" or "t" would
// blank out half a sentence, and says nothing about anyone.
const MIN_REDACTED_CHARS = 4;

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };

/**
 * One line about an error that is safe to write to the server log: its class, its message with
 * any query parameters cut off, its SQLSTATE, and the same for a few levels of `cause`.
 * Parameter values never appear, even where a driver's message would echo one.
 */
export function describeError(error: unknown): string {
  const chain = causeChain(error);
  const secrets = queryParams(chain);
  const parts = chain.map((e, depth) => {
    // A thrown string (or a log line) is its own description; a plain Error needs no label.
    const name = typeof e === "string" ? "Error" : label(e);
    const text = name === "Error" ? safeMessage(e, secrets) : `${name}: ${safeMessage(e, secrets)}`;
    return depth === 0 ? text : `cause: ${text}`;
  });
  const state = sqlState(error);
  if (state && parts[0] !== undefined) parts[0] += ` [SQLSTATE ${state}]`;
  return parts.join("; ") || String(typeof error);
}

/**
 * The "    at …" lines of an error's stack, without the message lines V8 puts first (they
 * repeat the message, parameters and all). Empty when there is no stack.
 */
export function stackFrames(error: unknown): string {
  if (!(error instanceof Error) || typeof error.stack !== "string") return "";
  // The message goes first, whatever lines it holds: a parameter (a reply quoting a stack
  // trace) may itself have lines that look like frames.
  const header = error.message ? `${error.name}: ${error.message}` : error.name;
  const stack = error.stack.startsWith(header) ? error.stack.slice(header.length) : error.stack;
  const secrets = queryParams(causeChain(error));
  return stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .map((line) => redact(line, secrets))
    .join("\n");
}

/** Cuts the "params: …" tail off a message that may be a DrizzleQueryError's. */
function withoutQueryParams(message: string): string {
  const at = message.indexOf("\nparams:");
  return at === -1 ? message : message.slice(0, at);
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as ErrorLike).cause) {
    if (chain.length > MAX_CAUSES || chain.includes(e)) break;
    chain.push(e);
    if (typeof e !== "object") break;
  }
  return chain;
}

function queryParams(chain: unknown[]): string[] {
  const values: string[] = [];
  for (const e of chain) {
    const params = typeof e === "object" && e ? (e as { params?: unknown }).params : undefined;
    if (!Array.isArray(params)) continue;
    for (const param of params) {
      const text = param instanceof Date ? param.toISOString() : String(param);
      if (text.length >= MIN_REDACTED_CHARS) values.push(text);
    }
  }
  // Longest first, so a value that contains another is removed whole.
  return values.sort((a, b) => b.length - a.length);
}

function label(e: unknown): string {
  // By shape too: a production bundle may hold another copy of the class, minified.
  if (e instanceof DrizzleQueryError || isQueryError(e)) return "DrizzleQueryError";
  if (typeof e !== "object" || e === null) return typeof e;
  const { name } = e as ErrorLike;
  // pg names its errors "error"; a bundler may shorten class names: take the better of the two.
  const className = e.constructor?.name;
  let text =
    typeof name === "string" && name !== "" && name !== "Error" && name !== "error"
      ? name
      : className && className !== "Object"
        ? className
        : "Error";
  const { code } = e as ErrorLike;
  if (typeof code === "string" && code !== sqlState(e)) text += ` (${code})`;
  return text.slice(0, 80);
}

function isQueryError(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const { query, params } = e as { query?: unknown; params?: unknown };
  return typeof query === "string" && Array.isArray(params);
}

function safeMessage(e: unknown, secrets: string[]): string {
  let message: string;
  if (typeof e === "string") message = e;
  else if (typeof e === "object" && e !== null) {
    const raw = (e as ErrorLike).message;
    message = typeof raw === "string" ? raw : "(no message)";
  } else message = String(e);
  message = redact(withoutQueryParams(message), secrets);
  message = message.replace(/\s+/g, " ").trim();
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
}

function redact(text: string, secrets: string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join("[param]");
  return result;
}
