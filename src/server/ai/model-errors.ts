import { APICallError, LoadAPIKeyError, NoSuchModelError, RetryError } from "ai";

/**
 * What the user is told when the model fails: which of the usual causes it is, in words an
 * operator can act on, never the provider's own text (it can echo the request, a key prefix,
 * an internal URL). The details go to the server log.
 */
export function modelErrorMessage(error: unknown): string {
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (LoadAPIKeyError.isInstance(cause)) return KEY;
  if (NoSuchModelError.isInstance(cause)) return MODEL;
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    if (status === 401 || status === 403) return KEY;
    if (status === 404) return MODEL;
    if (status === 429) return RATE_LIMITED;
    if (status === undefined || status >= 500 || status === 408) return UNREACHABLE;
    return REFUSED;
  }
  if (isNetworkError(cause)) return UNREACHABLE;
  return FAILED;
}

const KEY = "The AI provider refused the server's API key. Ask whoever runs Craft to check it.";
const MODEL =
  "The AI provider does not offer the configured model. Ask whoever runs Craft to check AI_MODEL.";
const RATE_LIMITED = "The AI provider is limiting requests right now. Try again in a minute.";
const UNREACHABLE = "The connection to the AI provider failed. Try again in a moment.";
const REFUSED = "The AI provider refused this request.";
const FAILED = "The model failed to answer.";

function isNetworkError(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|UND_ERR)/.test(code))
      return true;
    if (e.name === "TimeoutError" || e.message === "fetch failed") return true;
  }
  return false;
}
