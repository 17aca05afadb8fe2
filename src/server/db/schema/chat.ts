import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
// Relative: drizzle-kit reads this file without the app's path aliases.
import type { MessageRole, MessageStatus } from "../../../lib/contract/entities";
import { user } from "./auth";
import { createdAt, timestamptz, updatedAt } from "./columns";
import { projects } from "./projects";

export const DEFAULT_SESSION_NAME = "New Chat";

/** Who gave a session its current name; only `user` names are final. */
export const nameSources = ["default", "first_message", "model", "user"] as const;
export type NameSource = (typeof nameSources)[number];

export type { MessageRole, MessageStatus };

export const chatSessions = pgTable(
  "chat_sessions",
  {
    id: text("id").primaryKey().$defaultFn(createId),
    name: text("name").notNull().default(DEFAULT_SESSION_NAME),
    nameSource: text("name_source").$type<NameSource>().notNull().default("default"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // Bumped in the same transaction as every message insert: it hands out `seq` and counts.
    lastMessageSeq: integer("last_message_seq").notNull().default(0),
    messageCount: integer("message_count").notNull().default(0),
    createdAt: createdAt(),
    // Last activity: set explicitly on rename and on every new message.
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // Ascending on purpose: "ORDER BY updated_at DESC, id DESC" is this index read backwards.
    // (A DESC index here would be NULLS LAST, which that ORDER BY cannot use.)
    index("chat_sessions_project_id_updated_at_idx").on(t.projectId, t.updatedAt, t.id),
    check(
      "chat_sessions_name_source_check",
      sql`${t.nameSource} in ('default', 'first_message', 'model', 'user')`,
    ),
  ],
);

export const chatMessages = pgTable(
  "chat_messages",
  {
    // Unique per user, not across users: a client may choose it (idempotent retries), and
    // another user's id must behave exactly like an unused one.
    id: text("id").notNull().$defaultFn(createId),
    // The owner (as through session → project): the namespace of `id`.
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    chatSessionId: text("chat_session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    // Position in the session, assigned under the session's row lock: one total order.
    seq: integer("seq").notNull(),
    role: text("role").$type<MessageRole>().notNull(),
    content: text("content").notNull(),
    status: text("status").$type<MessageStatus>().notNull().default("complete"),
    // For a reply written by the model: the user message it answers. At most one reply each.
    // Its foreign key, (user_id, in_reply_to) → (user_id, id) ON DELETE SET NULL (in_reply_to),
    // is in migration 0003: drizzle cannot state a SET NULL that keeps user_id.
    inReplyTo: text("in_reply_to"),
    createdAt: createdAt(),
    // Internal: a streaming reply touches it while it is alive, so a stale one can be told apart.
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    uniqueIndex("chat_messages_session_seq_idx").on(t.chatSessionId, t.seq),
    uniqueIndex("chat_messages_in_reply_to_idx").on(t.userId, t.inReplyTo),
    index("chat_messages_streaming_idx").on(t.status).where(sql`${t.status} = 'streaming'`),
    check("chat_messages_role_check", sql`${t.role} in ('user', 'assistant')`),
    check(
      "chat_messages_status_check",
      sql`${t.status} in ('complete', 'streaming', 'partial', 'error')`,
    ),
  ],
);
