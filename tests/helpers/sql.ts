import type { SQL } from "drizzle-orm";
import { getDatabase } from "@/server/db";

/** Runs raw SQL on the app's database; both drivers answer with `{ rows }`. */
export async function sqlRows<T>(query: SQL): Promise<T[]> {
  const { db } = await getDatabase();
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
