import { describe, expect, it } from "vitest";
import { leadUpToMatch } from "@/components/search/snippet";

const text = (parts: { text: string }[]) => parts.map((p) => p.text).join("");

describe("leadUpToMatch", () => {
  it("keeps a snippet whose match comes early as it is", () => {
    const parts = [
      { text: "Why does ", highlight: false },
      { text: "useEffect", highlight: true },
      { text: " run twice?", highlight: false },
    ];
    expect(leadUpToMatch(parts)).toBe(parts);
  });

  it("starts a late match's snippet a few words before it, at a word, marked with …", () => {
    const parts = [
      { text: "In development React Strict Mode mounts components twice, so a ", highlight: false },
      { text: "useEffect", highlight: true },
      { text: " runs again.", highlight: false },
    ];
    const led = leadUpToMatch(parts);
    expect(text(led)).toBe("…Mode mounts components twice, so a useEffect runs again.");
    expect(led.filter((p) => p.highlight).map((p) => p.text)).toEqual(["useEffect"]);
  });

  it("leaves a snippet without a match alone (a session name hit)", () => {
    const parts = [{ text: "A".repeat(200), highlight: false }];
    expect(leadUpToMatch(parts)).toBe(parts);
  });
});
