import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { healthBody, healthUnavailableBody } from "@/lib/contract/bodies";
import { jsonResponse } from "./operation";

export const metaPaths = (): ZodOpenApiPathsObject => ({
  "/api/health": {
    get: {
      operationId: "getHealth",
      tags: ["health"],
      summary: "Readiness: 200 when the database answers",
      security: [],
      responses: {
        200: jsonResponse(healthBody, "Ready"),
        503: jsonResponse(healthUnavailableBody, "The database is not answering"),
      },
    },
  },
  "/api/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      tags: ["meta"],
      summary: "This document",
      security: [],
      responses: { 200: jsonResponse(z.looseObject({}), "OpenAPI 3.1") },
    },
  },
});
