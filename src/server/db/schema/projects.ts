import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
// Relative: drizzle-kit reads this file without the app's path aliases.
import type { ProjectStatus } from "../../../lib/contract/entities";
import { user } from "./auth";
import { createdAt, updatedAt } from "./columns";

/** A project's files: path → content. */
export type ProjectFiles = Record<string, string>;

export const projects = pgTable(
  "projects",
  {
    id: text("id").primaryKey().$defaultFn(createId),
    name: text("name").notNull(),
    description: text("description"),
    type: text("type").notNull().default("document"),
    status: text("status").$type<ProjectStatus>().notNull().default("active"),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    files: jsonb("files").$type<ProjectFiles>().notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("projects_user_id_updated_at_idx").on(t.userId, t.updatedAt, t.id)],
);
