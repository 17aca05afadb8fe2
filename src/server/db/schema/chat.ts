import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
// Relative: drizzle-kit reads this file without the app's path aliases.
import type { MessageRole, MessageStatus } from "../../../lib/contract/entities";
import type { ImportSource } from "../../../lib/contract/imports";
import { user } from "./auth";
import { createdAt, timestamptz, tsvector, updatedAt } from "./columns";
import { projects } from "./projects";
import { sessionTemplates } from "./templates";

export const DEFAULT_SESSION_NAME = "New Chat";

/**
 * What search matches in a text: its words, by the `simple` configuration (lower-cased, never
 * stemmed) over `craft_search_text` (migration 0005), which splits paths, dotted names and CJK
 * runs into words. Generated in the row itself, so every write keeps it in step, in the same
 * transaction.
 */
const searchDocument = (column: string) =>
  sql.raw(`to_tsvector('simple'::regconfig, craft_search_text("${column}"))`);

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
    // Messages on the active branch: the depth of `activeLeafId` (0 when the session is empty).
    messageCount: integer("message_count").notNull().default(0),
    // The newest message of the branch the user is on: the active branch is the path from a
    // root to it, read upwards through parent_id. Null while the session has no message. Kept
    // in the same transaction as every write that moves it, under this row's lock; no foreign
    // key (chat_sessions has no user_id to pair with chat_messages' key).
    activeLeafId: text("active_leaf_id"),
    // Organizing: pinned sessions list first; archived ones leave the list (search finds them).
    // Neither is activity: changing them leaves updated_at alone.
    pinned: boolean("pinned").notNull().default(false),
    archived: boolean("archived").notNull().default(false),
    // Added to the system prompt of every reply; copied from the template it was made from.
    instructions: text("instructions").notNull().default(""),
    templateId: text("template_id").references(() => sessionTemplates.id, {
      onDelete: "set null",
    }),
    // Where an imported session came from (a source of src/lib/contract/imports.ts); null for
    // a chat made here.
    importedFrom: text("imported_from").$type<ImportSource>(),
    // The AI's summary of the active branch, copied from the chat_summaries checkpoint it
    // came from (summaries.ts) so every read of a session has it without a join. Only the
    // summarizer (server/summaries) writes these.
    summary: text("summary"),
    summaryKeyPoints: jsonb("summary_key_points").$type<string[]>().notNull().default([]),
    // The message it covers through (on the active branch) and that message's depth.
    summaryThroughId: text("summary_through_id"),
    summaryMessageCount: integer("summary_message_count").notNull().default(0),
    summaryUpdatedAt: timestamptz("summary_updated_at"),
    // The summarizer's lease: one run per session at a time, across instances. A run renews
    // it after every step; one that died leaves it to expire.
    summarizingSince: timestamptz("summarizing_since"),
    // Failed runs in a row, when the next automatic one may start, and what went wrong.
    summaryFailures: integer("summary_failures").notNull().default(0),
    summaryRetryAt: timestamptz("summary_retry_at"),
    summaryError: text("summary_error"),
    // The name as search matches it, weighted above message text (A against D).
    nameSearch: tsvector("name_search").generatedAlwaysAs(
      sql`setweight(${searchDocument("name")}, 'A')`,
    ),
    createdAt: createdAt(),
    // Last activity: set explicitly on rename and on every new message.
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // The list: a project's archived or unarchived sessions, pinned first, then most recent.
    // Ascending on purpose: "ORDER BY pinned DESC, updated_at DESC, id DESC" is this index read
    // backwards. (A DESC index here would be NULLS LAST, which that ORDER BY cannot use.)
    index("chat_sessions_list_idx").on(t.projectId, t.archived, t.pinned, t.updatedAt, t.id),
    // For the SET NULL of template_id's foreign key when a template is deleted.
    index("chat_sessions_template_id_idx").on(t.templateId).where(sql`${t.templateId} is not null`),
    index("chat_sessions_name_search_idx").using("gin", t.nameSearch),
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
    // Creation order in the session, assigned under the session's row lock: one total order.
    // A message is created after its parent, so along any path seq grows.
    seq: integer("seq").notNull(),
    // The message this one follows: null for a first message. Messages form a tree per
    // session; siblings are versions (an edited question, a regenerated reply).
    parentId: text("parent_id"),
    // 1 for a first message, its parent's + 1 otherwise: the length of the path to it.
    depth: integer("depth").notNull(),
    // Its ancestor at depth skipDepth(depth) (src/server/queries/skip-pointers.ts), null when
    // that is 0: with these, the walks of chat-tree.ts reach any ancestor, or where two
    // branches meet, in O(log n) lookups. Set once, at insert. No foreign key (it would need an
    // index to delete by): it points to an ancestor, so deleting a message deletes every
    // message that points to it (its subtree, through parent_id) in the same statement.
    skipId: text("skip_id"),
    // When the user leaves this message for a sibling, the leaf that was active below it:
    // coming back lands there. Its foreign key, (user_id, resume_leaf_id) → (user_id, id)
    // ON DELETE SET NULL (resume_leaf_id), is in migration 0004: drizzle cannot state it.
    resumeLeafId: text("resume_leaf_id"),
    role: text("role").$type<MessageRole>().notNull(),
    // Who sent a user message when it was not the owner: a collaborator of a shared session
    // (the message is still stored under the owner's user_id). Null for the owner's own
    // messages and for replies; set null when that account is deleted.
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    content: text("content").notNull(),
    status: text("status").$type<MessageStatus>().notNull().default("complete"),
    // The content as search matches it; null while a reply streams, so the index is written
    // once, with the final text, not at every save of a growing reply.
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`case when "status" = 'streaming' then null else ${searchDocument("content")} end`,
    ),
    createdAt: createdAt(),
    // Internal: a streaming reply touches it while it is alive, so a stale one can be told apart.
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    uniqueIndex("chat_messages_session_seq_idx").on(t.chatSessionId, t.seq),
    // Deleting a message deletes its subtree, in one statement.
    foreignKey({
      name: "chat_messages_parent_fk",
      columns: [t.userId, t.parentId],
      foreignColumns: [t.userId, t.id],
    }).onDelete("cascade"),
    // A message's children (its versions' next messages), oldest first; also what the
    // cascade above looks children up by.
    index("chat_messages_children_idx").on(t.userId, t.parentId, t.seq),
    // A session's first messages (versions of the first question): parent_id is null there.
    index("chat_messages_roots_idx").on(t.chatSessionId, t.seq).where(sql`${t.parentId} is null`),
    // For the SET NULL of resume_leaf_id's foreign key: only the few messages that hold one.
    index("chat_messages_resume_leaf_idx")
      .on(t.userId, t.resumeLeafId)
      .where(sql`${t.resumeLeafId} is not null`),
    index("chat_messages_streaming_idx").on(t.status).where(sql`${t.status} = 'streaming'`),
    index("chat_messages_search_idx").using("gin", t.searchVector),
    // A user's messages newest first: search's `newest` order, and the most recent matches of a
    // common word, which relevance ranks, without reading every match.
    index("chat_messages_user_id_created_at_idx").on(t.userId, t.createdAt, t.id),
    // For the SET NULL of author_id's foreign key: only collaborators' messages hold one.
    index("chat_messages_author_id_idx").on(t.authorId).where(sql`${t.authorId} is not null`),
    check("chat_messages_role_check", sql`${t.role} in ('user', 'assistant')`),
    check(
      "chat_messages_status_check",
      sql`${t.status} in ('complete', 'streaming', 'partial', 'error')`,
    ),
  ],
);
