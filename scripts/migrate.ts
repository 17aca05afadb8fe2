// npm run db:migrate: apply the committed migrations to the configured database, then exit.
import { closeDatabase, getDatabase } from "@/server/db";
import { logger } from "@/server/logger";

const log = logger.child({ area: "db" });

try {
  const { driver } = await getDatabase();
  log.info(`migrations applied (${driver})`);
} catch (error) {
  log.fatal({ err: error }, "migration failed");
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
