import type { ZodOpenApiPathsObject } from "zod-openapi";
import { shareBody, sharedListBody, shareListBody, successBody } from "@/lib/contract/bodies";
import { createShareBody, listSharedQuery, updateShareBody } from "../schemas/sharing";
import { jsonResponse, userOperation } from "./operation";

const tag = "sharing";

const ROLE_RULE =
  "Only the session's owner may manage its shares: a member gets 403, anyone else 404, as " +
  "for a session that does not exist.";

export const sharingPaths = (): ZodOpenApiPathsObject => ({
  "/api/chat-sessions/{id}/shares": {
    get: userOperation("get", {
      operationId: "listChatSessionShares",
      tag,
      summary: "The people one of your sessions is shared with, in the order they were invited",
      description: ROLE_RULE,
      pathId: "Chat session id",
      ok: { 200: jsonResponse(shareListBody, "The shares") },
      errors: ["Forbidden"],
    }),
    post: userOperation("post", {
      operationId: "shareChatSession",
      tag,
      summary: "Share one of your sessions with a Craft user, by email",
      description:
        "201 with the new share; 200 when the session was already shared with them (their " +
        "role is now `role`). They hear of it at once (an `access` event) and find the " +
        "session in `GET /api/shared`. 404 `not_found` when no user signed up with that " +
        "email: the share list would tell anyway, so the answer does not hide it; every " +
        "attempt counts against `SHARE_INVITES_PER_HOUR` (429 beyond), unknown emails " +
        "included. 400 for your own email. " +
        ROLE_RULE,
      pathId: "Chat session id",
      body: createShareBody,
      ok: {
        201: jsonResponse(shareBody, "Shared"),
        200: jsonResponse(shareBody, "Already shared: the role was set"),
      },
      errors: ["NotFound", "RateLimited"],
    }),
  },
  "/api/chat-sessions/{id}/shares/{userId}": {
    patch: userOperation("patch", {
      operationId: "updateChatSessionShare",
      tag,
      summary: "Change what someone may do in your session",
      description: `Effective at their next request; they get an \`access\` event. ${ROLE_RULE}`,
      pathId: "Chat session id",
      morePathIds: { userId: "The member's user id" },
      body: updateShareBody,
      ok: { 200: jsonResponse(shareBody, "The share now") },
    }),
    delete: userOperation("delete", {
      operationId: "deleteChatSessionShare",
      tag,
      summary: "Remove someone from your session, or leave a session shared with you",
      description:
        "The owner removes any member; a member removes only themselves (their own user id: " +
        "leaving). Effective at their next request on every instance; they get an " +
        "`access-revoked` event, and no event about the session after it.",
      pathId: "Chat session id",
      morePathIds: { userId: "The member's user id (yours to leave)" },
      ok: { 200: jsonResponse(successBody, "Removed") },
    }),
  },
  "/api/shared": {
    get: userOperation("get", {
      operationId: "listSharedWithMe",
      tag,
      summary: "Sessions other users shared with you, most recently shared first",
      description:
        "Each with your role, the owner's display name and its project's name; nothing else " +
        "of the project is shared. Open one with `GET /api/chat-sessions/{id}` and page its " +
        "messages with `GET /api/chat-messages`. Pages of `limit` (50 without it); pass " +
        "`nextCursor` back as `cursor` for the next page.",
      query: listSharedQuery,
      ok: { 200: jsonResponse(sharedListBody, "A page of shared sessions") },
    }),
  },
});
