import { importAnswer } from "@/lib/contract/imports";
import { notFound } from "@/server/http/errors";
import { json, withUser } from "@/server/http/handler";
import { lookupId } from "@/server/http/ids";
import { getImportForUser, toImportJson } from "@/server/queries/imports";

type Params = { id: string };

export const dynamic = "force-dynamic";

// GET /api/imports/[id]: one of your imports, with its progress
export const GET = withUser<Params>(async ({ db, user, params }) => {
  const id = lookupId(params.id, "Import");
  const row = await getImportForUser(db, { id, userId: user.id });
  if (!row) throw notFound("Import");
  return json(importAnswer, { import: toImportJson(row) });
});
