import * as bodies from "@/lib/contract/bodies";
import { decodeCursor, encodeCursor } from "@/server/http/cursor-codec";
import { searchCursor } from "@/server/http/cursor-schemas";
import { ApiError, notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { parseQuery } from "@/server/http/query";
import { searchQuery } from "@/server/http/schemas/search";
import { projectBelongsToUser } from "@/server/queries/chat-sessions";
import { searchForUser } from "@/server/queries/search";
import { snippetParts } from "@/server/search-snippet";

// GET /api/search?q=: your session names and messages that match, best or newest first
export const GET = withUser(async ({ db, user, url }) => {
  const query = parseQuery(url, searchQuery);
  const cursor = query.cursor ? decodeCursor(query.cursor, searchCursor, "cursor") : undefined;
  if (cursor && cursor.order !== query.order)
    throw new ApiError("bad_request", "The `cursor` is not valid", [
      { path: "cursor", message: `is not a cursor of order=${query.order}` },
    ]);
  if (
    query.projectId &&
    !(await projectBelongsToUser(db, { projectId: query.projectId, userId: user.id }))
  )
    throw notFound("Project");
  const { hits, next } = await searchForUser(db, { ...query, userId: user.id, cursor });
  return json(bodies.searchResultsBody, {
    results: hits.map((hit) => ({ ...hit, snippet: snippetParts(hit.snippet) })),
    nextCursor: next ? encodeCursor(next) : null,
  });
});
