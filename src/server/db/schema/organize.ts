import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
// Relative: drizzle-kit reads this file without the app's path aliases.
import { type TagColor, tagColors } from "../../../lib/contract/entities";
import { user } from "./auth";
import { chatSessions } from "./chat";
import { createdAt, updatedAt } from "./columns";

/** A user's own label for sessions, shared by all their projects. */
export const tags = pgTable(
  "tags",
  {
    id: text("id").primaryKey().$defaultFn(createId),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    color: text("color").$type<TagColor>().notNull().default("gray"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Names are unique per user whatever their case: "Bug" and "bug" are one tag.
    uniqueIndex("tags_user_id_name_idx").on(t.userId, sql`lower(${t.name})`),
    check("tags_color_check", sql.raw(`"color" in (${tagColors.map((c) => `'${c}'`).join(", ")})`)),
  ],
);

/** Which session carries which tag. Both sides belong to one user (checked on write). */
export const chatSessionTags = pgTable(
  "chat_session_tags",
  {
    chatSessionId: text("chat_session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    tagId: text("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.chatSessionId, t.tagId] }),
    // Filtering a list by tag, and the cascade of a tag's delete.
    index("chat_session_tags_tag_id_idx").on(t.tagId, t.chatSessionId),
  ],
);
