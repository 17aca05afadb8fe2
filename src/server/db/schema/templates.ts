import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { createdAt, updatedAt } from "./columns";

/**
 * A reusable start for a session. Built-in templates are rows without a user, written from
 * code at start-up (src/server/queries/built-in-templates.ts); every user reads them, nobody
 * changes them.
 */
export const sessionTemplates = pgTable(
  "session_templates",
  {
    id: text("id").primaryKey().$defaultFn(createId),
    userId: text("user_id").references(() => user.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    // Added to the system prompt of every reply in a session made from it.
    instructions: text("instructions").notNull().default(""),
    // Pre-filled in the composer of a new session, not sent.
    firstMessage: text("first_message").notNull().default(""),
    // The user's tags a new session gets; ids of deleted tags are dropped when read.
    tagIds: text("tag_ids").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("session_templates_user_id_name_idx").on(t.userId, t.name)],
);
