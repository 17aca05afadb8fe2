import { z } from "zod";
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiParameters,
  ZodOpenApiResponseObject,
} from "zod-openapi";
import { errorBody } from "@/lib/contract/bodies";
import { MAX_BODY_BYTES } from "../request";
import { idParam } from "../schemas/common";

// How an operation behind `withUser` is described: its errors follow what the wrapper checks.

const errors = {
  BadRequest: [
    400,
    "The body, a query parameter or a cursor is not valid; `details` names each failing path.",
  ],
  Unauthorized: [401, "No valid session cookie: sign in first."],
  Forbidden: [
    403,
    "A write from another site: the browser sent a cross-site `Sec-Fetch-Site` or a foreign " +
      "`Origin`. Or, on a session shared with you, an action your role does not allow (a " +
      "session you cannot see at all answers 404 instead).",
  ],
  NotFound: [
    404,
    "No such resource among yours: someone else's, a missing one and an id that cannot exist all look the same.",
  ],
  Conflict: [
    409,
    "The request contradicts what is stored: a different message already exists with this " +
      "client-chosen id, the message is of the wrong kind for this (a question edited in " +
      "place, a reply edited as a question, a reply still being written), a tag name is " +
      "taken, or a limit on tags would be passed.",
  ],
  PayloadTooLarge: [413, `The body is larger than ${MAX_BODY_BYTES} bytes (1 MiB).`],
  UploadTooLarge: [
    413,
    "The uploaded file is larger than the server's IMPORT_MAX_BYTES (1 GiB unless configured).",
  ],
  UnsupportedMediaType: [415, "The body is not sent as `Content-Type: application/json`."],
  RateLimited: [429, "Too many requests; retry after the `Retry-After` seconds."],
  Internal: [500, "An unexpected error; logged on the server, answered without details."],
  Unavailable: [503, "The database cannot be reached; retry after the `Retry-After` seconds."],
} as const satisfies Record<string, readonly [number, string]>;
type ErrorName = keyof typeof errors;

/** Each error answer once, as a component (`#/components/responses/<name>`). */
const errorResponses = {} as Record<ErrorName, ZodOpenApiResponseObject>;
for (const name of Object.keys(errors) as ErrorName[]) {
  errorResponses[name] = {
    id: name,
    description: errors[name][1],
    content: jsonContent(errorBody),
  };
}

export function jsonContent(schema: z.ZodType) {
  return { "application/json": { schema } };
}

export const eventStream = (description: string): ZodOpenApiResponseObject => ({
  description,
  content: { "text/event-stream": { schema: { type: "string" } } },
});

export const jsonResponse = (schema: z.ZodType, description: string) => ({
  description,
  content: jsonContent(schema),
});

export const PAGE_NOTE =
  "Paged form: sent with `limit` and/or a cursor. Without both, the whole list comes back and " +
  "the cursor field is absent.";

interface UserOperation {
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** A path `{id}`: an id that does not match answers 404, like a missing one. */
  pathId?: string;
  /** Further path ids after `{id}` (`{linkId}`: its description), answering 404 alike. */
  morePathIds?: Record<string, string>;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A `multipart/form-data` body (an upload), read by the handler under its own limit. */
  formBody?: z.ZodType;
  ok: Record<number, ZodOpenApiResponseObject>;
  /** Errors the handler itself raises, beyond those `withUser` adds. */
  errors?: ErrorName[];
}

/** An operation behind `withUser`: its error list follows what that wrapper checks. */
export function userOperation(
  method: "get" | "post" | "patch" | "delete",
  spec: UserOperation,
): ZodOpenApiOperationObject {
  const raised = new Set<ErrorName>([
    ...(spec.errors ?? []),
    "Unauthorized",
    "Unavailable",
    "Internal",
  ]);
  if (method !== "get") raised.add("Forbidden");
  if (spec.body)
    for (const e of ["BadRequest", "PayloadTooLarge", "UnsupportedMediaType"] as const)
      raised.add(e);
  if (spec.formBody) for (const e of ["BadRequest", "UploadTooLarge"] as const) raised.add(e);
  if (spec.query) raised.add("BadRequest");
  if (spec.pathId) raised.add("NotFound");

  const requestParams: ZodOpenApiParameters = {};
  if (spec.query) requestParams.query = spec.query;
  if (spec.pathId)
    requestParams.path = z.object({
      id: idParam.meta({ description: spec.pathId }),
      ...Object.fromEntries(
        Object.entries(spec.morePathIds ?? {}).map(([name, description]) => [
          name,
          idParam.meta({ description }),
        ]),
      ),
    });

  const responses: Record<number, ZodOpenApiResponseObject> = { ...spec.ok };
  for (const name of [...raised].sort((a, b) => errors[a][0] - errors[b][0])) {
    responses[errors[name][0]] = errorResponses[name];
  }
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description && { description: spec.description }),
    ...((spec.query || spec.pathId) && { requestParams }),
    ...(spec.body && { requestBody: { required: true, content: jsonContent(spec.body) } }),
    ...(spec.formBody && {
      requestBody: {
        required: true,
        content: { "multipart/form-data": { schema: spec.formBody } },
      },
    }),
    responses,
  };
}
