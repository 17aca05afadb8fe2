import { describe, expect, it } from "vitest";
import { groupSessions } from "@/components/chat/session-groups";
import type { ChatSessionListItem } from "@/lib/contract/entities";
import { NO_SUMMARY } from "../helpers/no-summary";

const now = new Date(2026, 10, 29, 15, 0); // 29 Nov 2026, 15:00 local time

function session(id: string, updatedAt: Date, pinned = false): ChatSessionListItem {
  return {
    id,
    name: id,
    projectId: "p",
    tags: [],
    pinned,
    archived: false,
    instructions: "",
    templateId: null,
    importedFrom: null,
    ...NO_SUMMARY,
    createdAt: updatedAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    messageCount: 0,
  };
}

const at = (day: number, hour: number) => new Date(2026, 10, day, hour);

describe("groupSessions", () => {
  it("puts pinned first, then today, yesterday, the previous 7 days and older, by local day", () => {
    const groups = groupSessions(
      [
        session("pinned-old", at(1, 9), true),
        session("this-morning", at(29, 0)),
        session("last-night", at(28, 23)),
        session("yesterday-early", at(28, 0)),
        session("six-days-ago", at(23, 12)),
        session("seven-days-ago", at(22, 0)),
        session("eight-days-ago", at(21, 23)),
      ],
      now,
    );
    expect(groups.map((g) => [g.label, g.sessions.map((s) => s.id)])).toEqual([
      ["Pinned", ["pinned-old"]],
      ["Today", ["this-morning"]],
      ["Yesterday", ["last-night", "yesterday-early"]],
      ["Previous 7 days", ["six-days-ago", "seven-days-ago"]],
      ["Older", ["eight-days-ago"]],
    ]);
  });

  it("leaves empty groups out", () => {
    expect(groupSessions([session("a", at(1, 1))], now).map((g) => g.label)).toEqual(["Older"]);
    expect(groupSessions([], now)).toEqual([]);
  });
});
