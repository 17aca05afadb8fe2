import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
// Relative: drizzle-kit reads this file without the app's path aliases.
import type { ShareRole } from "../../../lib/contract/entities";
import { user } from "./auth";
import { chatSessions } from "./chat";
import { createdAt, updatedAt } from "./columns";

/**
 * Who else may open a session: its owner (through its project) invited them as a viewer
 * (reads) or a collaborator (also asks). Read on every request (session-access.ts), never
 * cached, so a removal takes effect at once.
 */
export const chatSessionShares = pgTable(
  "chat_session_shares",
  {
    chatSessionId: text("chat_session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    // The invitee.
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text("role").$type<ShareRole>().notNull(),
    // The owner who invited them (only the owner shares): kept for the record.
    createdBy: text("created_by")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.chatSessionId, t.userId] }),
    // "Shared with me", newest first.
    index("chat_session_shares_user_id_created_at_idx").on(t.userId, t.createdAt),
    // For the cascade of a deleted inviter.
    index("chat_session_shares_created_by_idx").on(t.createdBy),
    check("chat_session_shares_role_check", sql`${t.role} in ('viewer', 'collaborator')`),
  ],
);
