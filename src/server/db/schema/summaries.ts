import { createId } from "@paralleldrive/cuid2";
import { foreignKey, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { chatMessages } from "./chat";
import { createdAt } from "./columns";

/**
 * Running summaries, each of the path from a session's first message down to one message
 * (`through`): a checkpoint. The next one is made from the nearest checkpoint above and the
 * messages after it, so a long chat is never read whole again, and branches that share a
 * beginning share its checkpoints. Deleting the message deletes the checkpoint.
 */
export const chatSummaries = pgTable(
  "chat_summaries",
  {
    id: text("id").primaryKey().$defaultFn(createId),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    throughId: text("through_id").notNull(),
    // The depth of `through`: how many messages the summary covers.
    messageCount: integer("message_count").notNull(),
    text: text("text").notNull(),
    keyPoints: jsonb("key_points").$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    // One checkpoint per message; also how a walk up a branch finds them.
    uniqueIndex("chat_summaries_through_idx").on(t.userId, t.throughId),
    foreignKey({
      name: "chat_summaries_through_fk",
      columns: [t.userId, t.throughId],
      foreignColumns: [chatMessages.userId, chatMessages.id],
    }).onDelete("cascade"),
  ],
);
