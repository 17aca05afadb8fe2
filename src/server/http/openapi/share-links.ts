import type { ZodOpenApiPathsObject } from "zod-openapi";
import { shareLinkBody, shareLinkListBody, successBody } from "@/lib/contract/bodies";
import { createShareLinkBody } from "../schemas/share-links";
import { jsonResponse, userOperation } from "./operation";

const tag = "share-links";

export const shareLinkPaths = (): ZodOpenApiPathsObject => ({
  "/api/chat-sessions/{id}/links": {
    post: userOperation("post", {
      operationId: "createShareLink",
      tag,
      summary: "A read-only link to one of your sessions",
      description:
        "Anyone holding `url` reads the session there, signed in or not: its name, your " +
        "display name (never your email), and the messages of one branch, newest 500 at " +
        "most; nothing there can change anything. A `snapshot` of an empty session answers " +
        "409. Limited per user (SHARE_LINK_RATE_LIMIT_PER_HOUR, 429 beyond).",
      pathId: "Chat session id",
      body: createShareLinkBody,
      ok: { 201: jsonResponse(shareLinkBody, "Created") },
      errors: ["Conflict", "RateLimited"],
    }),
    get: userOperation("get", {
      operationId: "listShareLinks",
      tag,
      summary: "The links to one of your sessions, newest first",
      pathId: "Chat session id",
      ok: { 200: jsonResponse(shareLinkListBody, "The links") },
    }),
  },
  "/api/chat-sessions/{id}/links/{linkId}": {
    delete: userOperation("delete", {
      operationId: "deleteShareLink",
      tag,
      summary: "Revoke a link",
      description:
        "The link's page answers 404 from the next request on, on every instance (it reads " +
        "the database each time).",
      pathId: "Chat session id",
      morePathIds: { linkId: "Share link id" },
      ok: { 200: jsonResponse(successBody, "Revoked") },
    }),
  },
});
