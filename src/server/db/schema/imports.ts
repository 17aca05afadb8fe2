import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
} from "drizzle-orm/pg-core";
// Relative: drizzle-kit reads this file without the app's path aliases.
import type { ImportSource, ImportStatus } from "../../../lib/contract/imports";
import { user } from "./auth";
import { chatSessions } from "./chat";
import { createdAt, timestamptz } from "./columns";
import { projects } from "./projects";

/**
 * An uploaded file being imported in the background (src/server/imports): its progress, where
 * it goes and how it ended. The worker holds `running_since` as its lease and renews it while
 * it works; one that died leaves it to expire, and recovery takes the import up again.
 */
export const imports = pgTable(
  "imports",
  {
    id: text("id").primaryKey().$defaultFn(createId),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    status: text("status").$type<ImportStatus>().notNull().default("queued"),
    // Null until the file's format is detected.
    source: text("source").$type<ImportSource>(),
    fileName: text("file_name").notNull(),
    // Where the upload lies on the server; the file is deleted when the import ends.
    filePath: text("file_path").notNull(),
    totalBytes: bigint("total_bytes", { mode: "number" }).notNull().default(0),
    bytesRead: bigint("bytes_read", { mode: "number" }).notNull().default(0),
    // The project chosen for everything; null: new projects (the file's, or one per source).
    projectId: text("project_id").references(() => projects.id, { onDelete: "set null" }),
    // The projects this import made, by the file's project id (a Craft export's) or the source
    // (one per source): a resumed run fills them instead of making more.
    createdProjects: jsonb("created_projects")
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    conversationsImported: integer("conversations_imported").notNull().default(0),
    conversationsSkipped: integer("conversations_skipped").notNull().default(0),
    messagesImported: integer("messages_imported").notNull().default(0),
    error: text("error"),
    runningSince: timestamptz("running_since"),
    createdAt: createdAt(),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    // A user's recent imports, newest first.
    index("imports_user_id_created_at_idx").on(t.userId, t.createdAt, t.id),
    // What recovery looks for: imports not finished.
    index("imports_unfinished_idx")
      .on(t.createdAt)
      .where(sql`${t.status} in ('queued', 'running')`),
    check("imports_status_check", sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
  ],
);

/**
 * What was imported from where: importing the same conversation again skips it. Deleting the
 * session deletes its row, so a deleted chat may be imported again.
 */
export const importedConversations = pgTable(
  "imported_conversations",
  {
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    source: text("source").$type<ImportSource>().notNull(),
    sourceId: text("source_id").notNull(),
    chatSessionId: text("chat_session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    // The import that wrote it: a resumed import knows its own work from an earlier import's.
    importId: text("import_id").references(() => imports.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.source, t.sourceId] }),
    // For the cascade of a session's delete.
    index("imported_conversations_chat_session_id_idx").on(t.chatSessionId),
  ],
);
