import * as bodies from "@/lib/contract/bodies";
import { decodeCursor, encodeCursor } from "@/server/http/cursor-codec";
import { sharedCursor } from "@/server/http/cursor-schemas";
import { json, withUser } from "@/server/http/handler";
import { parseQuery } from "@/server/http/query";
import { DEFAULT_PAGE_SIZE } from "@/server/http/schemas/common";
import { listSharedQuery } from "@/server/http/schemas/sharing";
import { listSharedWithUser } from "@/server/queries/shares";

// GET /api/shared: sessions other users shared with you, most recently shared first
export const GET = withUser(async ({ db, user, url }) => {
  const query = parseQuery(url, listSharedQuery);
  const { sharedSessions, next } = await listSharedWithUser(db, {
    userId: user.id,
    limit: query.limit ?? DEFAULT_PAGE_SIZE,
    after: query.cursor ? decodeCursor(query.cursor, sharedCursor, "cursor") : undefined,
  });
  return json(bodies.sharedListBody, {
    sharedSessions,
    nextCursor: next ? encodeCursor(next) : null,
  });
});
