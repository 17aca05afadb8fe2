import { ZodError } from "zod";
import type { ErrorBody } from "@/lib/contract/bodies";
import type { ErrorCode } from "@/lib/error-codes";

type ErrorDetail = NonNullable<ErrorBody["error"]["details"]>[number];

import { isDatabaseUnavailable } from "@/server/db/errors";
import { ConflictError, NotFoundError, RateLimitedError, UnavailableError } from "@/server/errors";
import { logger } from "@/server/logger";

const log = logger.child({ area: "api" });

export type { ErrorCode };

export const errorStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** The one error type of the HTTP edge: a handler throws it to answer with a 4xx or 5xx. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);

/**
 * Turns anything thrown into the documented error body. Unknown errors are logged here and
 * answered generically: no stack, SQL or driver message ever reaches the client.
 */
export function errorResponse(error: unknown): Response {
  const apiError = toApiError(error);
  const body: ErrorBody = { error: { code: apiError.code, message: apiError.message } };
  if (apiError.details !== undefined) body.error.details = apiError.details;
  return Response.json(body, { status: apiError.status, headers: apiError.headers });
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof NotFoundError) return new ApiError("not_found", error.message);
  if (error instanceof ConflictError) return new ApiError("conflict", error.message);
  if (error instanceof UnavailableError) return new ApiError("unavailable", error.message);
  if (error instanceof RateLimitedError) {
    return new ApiError("rate_limited", error.message, undefined, {
      "Retry-After": String(error.retryAfterSeconds),
    });
  }
  if (error instanceof ZodError) {
    const details = error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    }));
    return new ApiError("bad_request", "The request is not valid", details);
  }
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: error }, "database unavailable");
    return new ApiError(
      "unavailable",
      "The database is unavailable; try again shortly",
      undefined,
      {
        "Retry-After": "5",
      },
    );
  }
  // The stack's frames say where (the logger keeps its message lines, and parameters, out).
  log.error({ err: error, stack: error }, "unexpected error");
  return new ApiError("internal", "Something went wrong on our side");
}
