import { describe, expect, it } from "vitest";
import { timeAgo } from "@/lib/format";

describe("timeAgo", () => {
  const now = Date.parse("2026-01-10T12:00:00.000Z");
  it.each([
    ["2026-01-10T11:59:30.000Z", "just now"],
    ["2026-01-10T11:55:00.000Z", "5 minutes ago"],
    ["2026-01-10T09:00:00.000Z", "3 hours ago"],
    ["2026-01-09T12:00:00.000Z", "yesterday"],
    ["2025-12-20T12:00:00.000Z", "3 weeks ago"],
    ["2024-01-10T12:00:00.000Z", "2 years ago"],
  ])("%s is %s", (iso, expected) => {
    expect(timeAgo(iso, now)).toBe(expected);
  });
});
