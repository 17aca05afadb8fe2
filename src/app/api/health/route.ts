import { sql } from "drizzle-orm";
import * as bodies from "@/lib/contract/bodies";
import { getDatabase } from "@/server/db";
import { json, withPublic } from "@/server/http/handler";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

const log = logger.child({ area: "health" });

// GET /api/health: 200 when the database answers, 503 otherwise
export const GET = withPublic(async () => {
  try {
    const { db, driver } = await getDatabase();
    await db.execute(sql`select 1`);
    return json(bodies.healthBody, { ok: true, database: driver });
  } catch (error) {
    log.warn({ err: error }, "database check failed");
    return json(
      bodies.healthUnavailableBody,
      { ok: false, error: { code: "unavailable", message: "The database is not answering" } },
      503,
    );
  }
});
