import type { ChatMessage, ChatSession, SessionTag, ShareRole } from "./entities";
import type { ImportJob } from "./imports";

/**
 * What /api/events sends a user: their changes, made in another tab or on another instance.
 * Each event carries the project it belongs to, but `tags` and `templates`, which concern all
 * of them, and the sharing events. The events of a shared session reach its owner and every
 * member alike (a member's carry the owner's `projectId`).
 */
export type LiveEvent =
  | { type: "message"; projectId: string; message: ChatMessage }
  /** A session created or changed; `tags` only when they may have changed. */
  | {
      type: "session";
      projectId: string;
      chatSession: Omit<ChatSession, "tags"> & { tags?: SessionTag[]; messageCount?: number };
    }
  /**
   * The session's active branch changed other than by a message added at its end: a new
   * version (an edit, a regenerated reply), a switch to another version, or a delete that cut
   * it. A tab showing the session re-reads its newest page.
   */
  | {
      type: "branch";
      projectId: string;
      chatSessionId: string;
      activeLeafId: string | null;
      messageCount: number;
    }
  /**
   * A message and every message after it (its subtree, `deletedCount` in all) were deleted;
   * `activeLeafId` is where the active branch ends now.
   */
  | {
      type: "message-deleted";
      projectId: string;
      chatSessionId: string;
      messageId: string;
      deletedCount: number;
      activeLeafId: string | null;
    }
  | { type: "session-deleted"; projectId: string; chatSessionId: string }
  | { type: "project-deleted"; projectId: string }
  /** A tag was created, renamed, recoloured or deleted: re-read the tags and the list. */
  | { type: "tags" }
  /** One of the user's templates was created, changed or deleted: re-read the templates. */
  | { type: "templates" }
  /**
   * An import moved on (progress, a new project, its end): re-read the projects when
   * `createdProjectIds` grew, and the open project's list while sessions arrive in it.
   */
  | { type: "import"; import: ImportJob }
  /** A session was shared with the user, or their role in it changed. */
  | { type: "access"; chatSessionId: string; role: ShareRole }
  /** The user's access to a shared session ended: drop it; nothing more of it arrives. */
  | { type: "access-revoked"; chatSessionId: string }
  /** To the owner: the people of one of their sessions changed: re-read its shares. */
  | { type: "shares"; chatSessionId: string };
