import * as bodies from "@/lib/contract/bodies";
import { json, withUser } from "@/server/http/handler";
import { createTagBody } from "@/server/http/schemas/tags";
import { announceTagsChanged } from "@/server/live/tag-events";
import { insertTag, listTags } from "@/server/queries/tags";

// GET /api/tags: your tags by name, with how many sessions carry each
export const GET = withUser(async ({ db, user }) => {
  return json(bodies.tagListBody, { tags: await listTags(db, { userId: user.id }) });
});

// POST /api/tags: create a tag
export const POST = withUser(async ({ db, user, body }) => {
  const input = createTagBody.parse(body);
  const tag = await insertTag(db, { ...input, userId: user.id });
  await announceTagsChanged(db, user.id);
  return json(bodies.tagBody, { tag }, 201);
});
