import { withPublic } from "@/server/http/handler";
import { buildOpenApiDocument } from "@/server/http/openapi";

// Built at request time, not at `next build`: the document states this process's limits.
export const dynamic = "force-dynamic";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

// GET /api/openapi.json: the OpenAPI 3.1 description of this API, public like /api/health
export const GET = withPublic(async () => {
  document ??= buildOpenApiDocument();
  return Response.json(document);
});
