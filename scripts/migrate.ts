// npm run db:migrate: apply the committed migrations to the configured database, then exit.
import { closeDatabase, getDatabase } from "@/server/db";

try {
  const { driver } = await getDatabase();
  console.log(`[db] migrations applied (${driver})`);
} catch (error) {
  console.error("[db] migration failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
