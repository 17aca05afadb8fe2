import { importListAnswer, importListQuery } from "@/lib/contract/imports";
import { json, withUser } from "@/server/http/handler";
import { parseQuery } from "@/server/http/query";
import { listImportsForUser, toImportJson } from "@/server/queries/imports";

export const dynamic = "force-dynamic";

// GET /api/imports: your most recent imports, newest first
export const GET = withUser(async ({ db, user, url }) => {
  const { limit } = parseQuery(url, importListQuery);
  const rows = await listImportsForUser(db, { userId: user.id, limit });
  return json(importListAnswer, { imports: rows.map(toImportJson) });
});
