import * as bodies from "@/lib/contract/bodies";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { updateTagBody } from "@/server/http/schemas/tags";
import { announceTagsChanged } from "@/server/live/tag-events";
import { deleteTag, updateTag } from "@/server/queries/tags";

type Params = { id: string };

// PATCH /api/tags/[id]: rename or recolour a tag everywhere it is used
export const PATCH = withUser<Params>(async ({ db, user, params, body }) => {
  const id = lookupId(params.id, "Tag");
  const changes = updateTagBody.parse(body);
  const tag = await updateTag(db, { id, userId: user.id, ...changes });
  if (!tag) throw notFound("Tag");
  await announceTagsChanged(db, user.id);
  return json(bodies.tagBody, { tag });
});

// DELETE /api/tags/[id]: delete a tag, taking it off every session and template
export const DELETE = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Tag");
  if (!(await deleteTag(db, { id, userId: user.id }))) throw notFound("Tag");
  await announceTagsChanged(db, user.id);
  return json(bodies.successBody, { success: true });
});
