import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
// Relative: drizzle-kit reads this file without the app's path aliases.
import type { ShareLinkMode } from "../../../lib/contract/entities";
import { user } from "./auth";
import { chatMessages, chatSessions } from "./chat";
import { createdAt } from "./columns";

/**
 * Read-only links to a session (`/s/<token>`): whoever holds the token reads the session,
 * signed in or not. `live` shows the active branch as it is when the page is opened;
 * `snapshot` the branch that was active at creation, the path up from `snapshot_leaf_id`.
 * Revoking deletes the row, so the page, which reads it on every request, 404s at once.
 */
export const shareLinks = pgTable(
  "share_links",
  {
    id: text("id").primaryKey().$defaultFn(createId),
    // 32 random bytes, base64url. Stored as is (not hashed) so the owner can copy the link
    // again later: it grants reading what the database holds anyway.
    token: text("token").notNull(),
    chatSessionId: text("chat_session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    // The session's owner, who made the link: the namespace of `snapshot_leaf_id`.
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    mode: text("mode").$type<ShareLinkMode>().notNull(),
    // The active leaf at creation (snapshot links only). Deleting it, or any message above it
    // (which deletes it with its subtree), deletes the link: what the owner deleted is never
    // shown, and a snapshot cut short would show something that was never the conversation.
    snapshotLeafId: text("snapshot_leaf_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("share_links_token_idx").on(t.token),
    // A session's links, newest first; also the cascade of a session's delete.
    index("share_links_session_idx").on(t.chatSessionId, t.createdAt),
    foreignKey({
      name: "share_links_snapshot_leaf_fk",
      columns: [t.userId, t.snapshotLeafId],
      foreignColumns: [chatMessages.userId, chatMessages.id],
    }).onDelete("cascade"),
    // For that cascade: deleting messages looks their links up here.
    index("share_links_snapshot_leaf_idx")
      .on(t.userId, t.snapshotLeafId)
      .where(sql`${t.snapshotLeafId} is not null`),
    check("share_links_mode_check", sql`${t.mode} in ('live', 'snapshot')`),
    check(
      "share_links_snapshot_leaf_check",
      sql`(${t.mode} = 'snapshot') = (${t.snapshotLeafId} is not null)`,
    ),
  ],
);
