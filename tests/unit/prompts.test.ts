import { describe, expect, it } from "vitest";
import { earlierSection, historyWithinBudget, systemPrompt } from "@/server/ai/prompts";

describe("systemPrompt", () => {
  it("names the project and lists its files in path order", () => {
    const prompt = systemPrompt(
      {
        name: "Shop",
        description: "An online shop",
        files: { "b.ts": "export {}", "a.md": "# Readme" },
      },
      10_000,
    );
    expect(prompt).toContain("Project name: Shop");
    expect(prompt).toContain("Project description: An online shop");
    expect(prompt.indexOf("--- a.md ---")).toBeLessThan(prompt.indexOf("--- b.ts ---"));
  });

  it("caps the files and says what it left out", () => {
    const files = { "big.txt": "x".repeat(5_000), "z.txt": "never shown" };
    const prompt = systemPrompt({ name: "P", description: null, files }, 1_000);
    expect(prompt).toMatch(/\[truncated: \d+ more characters\]/);
    expect(prompt).toContain("[1 more file(s) left out");
    expect(prompt).not.toContain("never shown");
    expect(prompt.length).toBeLessThan(1_600);
  });
});

describe("systemPrompt with a session's instructions", () => {
  const project = { name: "P", description: null, files: { "a.ts": "x".repeat(50) } };

  it("puts them last, in a section of their own after the project context", () => {
    const prompt = systemPrompt(project, 1_000, "  Review like a senior engineer.\n");
    expect(prompt).toMatch(
      /--- a\.ts ---\nx{50}\n\n=== end of project context ===\n\nInstructions for this chat \(from the user\):\nReview like a senior engineer\.$/,
    );
  });

  it("adds no section for empty or blank instructions", () => {
    expect(systemPrompt(project, 1_000, " \n ")).toBe(systemPrompt(project, 1_000));
    expect(systemPrompt(project, 1_000)).not.toContain("Instructions for this chat");
  });
});

describe("historyWithinBudget", () => {
  const turn = (i: number, size = 10) => ({
    id: `m${i}`,
    role: (i % 2 === 0 ? "user" : "assistant") as "user" | "assistant",
    content: `${i}`.padEnd(size, "."),
  });

  it("keeps everything that fits, oldest first", () => {
    const history = [turn(0), turn(1), turn(2)];
    expect(historyWithinBudget(history, 1_000).map((m) => m.content)).toEqual(
      history.map((m) => m.content),
    );
  });

  it("drops the oldest turns first", () => {
    const kept = historyWithinBudget([turn(0), turn(1), turn(2), turn(3), turn(4)], 35);
    expect(kept.map((m) => String(m.content)[0])).toEqual(["2", "3", "4"]);
  });

  it("always keeps the question being answered, even alone over budget", () => {
    const kept = historyWithinBudget([turn(0), turn(1, 500)], 100);
    expect(kept).toHaveLength(1);
    expect(String(kept[0]?.content).length).toBe(500);
  });
});

describe("systemPrompt with the summary of earlier turns", () => {
  const project = { name: "P", description: null, files: {} };
  const earlier = {
    throughId: "m40",
    messageCount: 40,
    text: "The user is porting a parser to Rust.",
    keyPoints: ["Crate: nom 7", "Errors keep their byte offsets"],
  };

  it("adds the summary last, saying which messages it stands for", () => {
    const prompt = systemPrompt(project, 1_000, "Be brief.", earlier);
    expect(prompt.endsWith(earlierSection(earlier))).toBe(true);
    expect(prompt).toContain("a summary of messages 1–40");
    expect(prompt).toContain("- Crate: nom 7");
    expect(prompt.indexOf("Be brief.")).toBeLessThan(prompt.indexOf("porting a parser"));
  });

  it("is the plain prompt without one", () => {
    expect(systemPrompt(project, 1_000, "", null)).toBe(systemPrompt(project, 1_000));
  });
});
