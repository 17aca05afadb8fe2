import { describe, expect, it } from "vitest";
import { AUTO_NAME_MAX, nameFromMessage } from "@/lib/session-name";

const graphemeCount = (s: string) => [...new Intl.Segmenter().segment(s)].length;

describe("nameFromMessage", () => {
  it("takes the first non-empty line with whitespace collapsed", () => {
    expect(nameFromMessage("\n\n  How do I   center\ta div?  \nMore details")).toBe(
      "How do I center a div?",
    );
  });

  it("keeps a name of exactly the limit whole", () => {
    const exact = "x".repeat(AUTO_NAME_MAX);
    expect(nameFromMessage(exact)).toBe(exact);
  });

  it("cuts a long line to the limit with an ellipsis", () => {
    const name = nameFromMessage("word ".repeat(40)) ?? "";
    expect(name.endsWith("…")).toBe(true);
    expect(graphemeCount(name)).toBeLessThanOrEqual(AUTO_NAME_MAX);
    expect(name).not.toMatch(/\s…$/);
  });

  it("never splits an emoji, a flag or a combining sequence", () => {
    const family = "👨‍👩‍👧‍👦";
    const flag = "🇫🇷";
    const accented = "e\u0301";
    const name = nameFromMessage(`${family}${flag}${accented}`.repeat(30)) ?? "";
    const body = name.slice(0, -1);
    expect(graphemeCount(name)).toBe(AUTO_NAME_MAX);
    const clusters = [...new Intl.Segmenter().segment(body)].map((s) => s.segment);
    for (const cluster of clusters) expect([family, flag, accented]).toContain(cluster);
  });

  it("gives null for content with nothing visible", () => {
    expect(nameFromMessage(" \n\t \n")).toBeNull();
  });
});
