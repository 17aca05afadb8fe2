// What the server's layers (queries, the AI layer, auth) report when a request cannot be done,
// in their own terms. None of them knows HTTP: src/server/http/errors.ts alone maps these to
// statuses and the documented error body.

/** No such thing, or not the user's: the two are told apart nowhere. `what` is "Chat session"… */
export class NotFoundError extends Error {
  override name = "NotFoundError";
  constructor(what: string) {
    super(`${what} not found`);
  }
}

/** The request contradicts what is stored (a message id reused for other content). */
export class ConflictError extends Error {
  override name = "ConflictError";
}

/** Something the request needs cannot serve it now: the model's provider, a stopping server. */
export class UnavailableError extends Error {
  override name = "UnavailableError";
}

/** Too many requests of this kind; the caller may try again after `retryAfterSeconds`. */
export class RateLimitedError extends Error {
  override name = "RateLimitedError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
