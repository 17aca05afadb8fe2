import type { ZodOpenApiPathsObject } from "zod-openapi";
import { searchResultsBody } from "@/lib/contract/bodies";
import { RANKED_CANDIDATES_DOC, searchQuery } from "../schemas/search";
import { jsonResponse, userOperation } from "./operation";

export const searchPaths = (): ZodOpenApiPathsObject => ({
  "/api/search": {
    get: userOperation("get", {
      operationId: "search",
      tag: "search",
      summary: "Find words in your session names and messages",
      description:
        "Searches every message (in every version, not only the active branches) and every " +
        "session name of yours, in one project (`projectId`) or all of them. Each result says " +
        "where it is (session, project), who said it (`role`), when, and a `snippet` with the " +
        "matched words flagged. A name match has `messageId` and `role` null. The index is " +
        "written in the same transaction as the message, so a message is found as soon as it " +
        "is stored; a reply being streamed is found by its final text once it ends. " +
        RANKED_CANDIDATES_DOC +
        " To open a hit: `GET /api/chat-messages?chatSessionId=…&around=<messageId>`; a 409 " +
        "there means the message is on another version of the conversation: " +
        "`POST /api/chat-sessions/{id}/active-branch` with its `messageId` first, then `around` " +
        "again. A query with no word that must appear (punctuation alone, or only `-word`s) " +
        "finds nothing. Pages: pass `nextCursor` back as `cursor` with the same `q` and `order`.",
      query: searchQuery,
      ok: { 200: jsonResponse(searchResultsBody, "A page of results") },
      errors: ["NotFound"],
    }),
  },
});
