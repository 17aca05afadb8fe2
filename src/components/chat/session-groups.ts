import type { ChatSessionListItem } from "@/lib/contract/entities";

export type SessionGroupLabel = "Pinned" | "Today" | "Yesterday" | "Previous 7 days" | "Older";

export interface SessionGroup {
  label: SessionGroupLabel;
  sessions: ChatSessionListItem[];
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Cuts a list already in list order (pinned first, then newest) into the groups it shows:
 * Pinned, then by the day of the last activity in the viewer's time zone. Empty groups are left out.
 */
export function groupSessions(sessions: ChatSessionListItem[], now: Date): SessionGroup[] {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const labelOf = (s: ChatSessionListItem): SessionGroupLabel => {
    if (s.pinned) return "Pinned";
    const at = new Date(s.updatedAt).getTime();
    if (at >= today) return "Today";
    if (at >= today - DAY) return "Yesterday";
    if (at >= today - 7 * DAY) return "Previous 7 days";
    return "Older";
  };
  const groups: SessionGroup[] = [];
  for (const session of sessions) {
    const label = labelOf(session);
    const last = groups.at(-1);
    if (last?.label === label) last.sessions.push(session);
    else groups.push({ label, sessions: [session] });
  }
  return groups;
}
