import type { ErrorBody } from "./contract/bodies";
import type { ErrorCode } from "./error-codes";

/** An error the API answered with, carrying its documented code and message. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

/** Calls one of the app's JSON endpoints and returns the parsed body, or throws ApiClientError. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? "GET",
    signal: init.signal,
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as Partial<ErrorBody> | null)?.error;
    throw new ApiClientError(
      response.status,
      error?.code ?? "internal",
      error?.message ?? `Request failed (${response.status})`,
    );
  }
  return data as T;
}
