import { describe, expect, it } from "vitest";
import { extractiveSummary } from "@/server/summaries/extractive-summary";
import { parseSummary, summaryPrompt } from "@/server/summaries/summary-prompt";

describe("parseSummary", () => {
  it("reads the asked-for form", () => {
    expect(parseSummary("Summary: Two sentences. Here.\nKey points:\n- one\n- two")).toEqual({
      text: "Two sentences. Here.",
      keyPoints: ["one", "two"],
    });
  });

  it("forgives bold labels, blank lines, other bullets and numbers", () => {
    const answer =
      "**Summary:** The user ports a parser.\n\n**Key points:**\n* nom 7\n• offsets kept\n1. tests first\n";
    expect(parseSummary(answer)).toEqual({
      text: "The user ports a parser.",
      keyPoints: ["nom 7", "offsets kept", "tests first"],
    });
  });

  it("takes a bare paragraph as the summary, and nothing as no summary", () => {
    expect(parseSummary("Just a paragraph\nover two lines.")).toEqual({
      text: "Just a paragraph over two lines.",
      keyPoints: [],
    });
    expect(parseSummary("  \n ")).toBeNull();
    expect(parseSummary("Summary:\nKey points:\n- orphan")).toBeNull();
  });
});

describe("summaryPrompt", () => {
  it("numbers the new messages after the summary so far", () => {
    const prompt = summaryPrompt({
      previous: { text: "Earlier text.", keyPoints: ["a point"] },
      messages: [
        { role: "user", content: "Q five" },
        { role: "assistant", content: "A five" },
      ],
      firstNumber: 5,
    });
    expect(prompt).toContain("Summary of messages 1–4:\nEarlier text.\nKey points:\n- a point");
    expect(prompt).toContain("New messages (5–6):");
    expect(prompt).toContain("[5] user:\nQ five\n\n[6] assistant:\nA five");
    expect(prompt).toContain("(messages 1–6)");
  });
});

describe("extractiveSummary (the offline model's)", () => {
  const first = extractiveSummary({
    previous: null,
    messages: [
      {
        role: "user",
        content: "How do I paginate the session list with a cursor? The list is big.",
      },
      { role: "assistant", content: "Use a keyset cursor:\n```sql\nselect 1\n```" },
      {
        role: "user",
        content: "Can the cursor paginate backwards too? The session list scrolls up.",
      },
      { role: "assistant", content: "Yes." },
    ],
    firstNumber: 1,
  });

  it("says what the chat is: the opening question first, the latest one, counts", () => {
    expect(first.text).toBe(
      "Opened with “How do I paginate the session list with a cursor? The list is big.” The latest question: “Can the cursor paginate backwards too? The session list scrolls up.” 4 messages: 2 questions, 1 with code.",
    );
    expect(first.keyPoints.slice(0, 2)).toEqual([
      "Opened with: “How do I paginate the session list with a cursor? The list is big.”",
      "So far: 2 questions, 2 replies, 1 with code",
    ]);
    // The sentences whose words recur ("session", "list", "cursor", "paginate"), but not the
    // opening one again.
    expect(first.keyPoints).toContain("Can the cursor paginate backwards too?");
    expect(first.keyPoints).not.toContain("How do I paginate the session list with a cursor?");
  });

  it("carries its state from step to step, reading only the new messages", () => {
    const next = extractiveSummary({
      previous: first,
      messages: [
        { role: "user", content: "Now add an index for the cursor order please." },
        { role: "assistant", content: "Done." },
      ],
      firstNumber: 5,
    });
    expect(next.text).toMatch(
      /^Opened with “How do I paginate.* 6 messages: 3 questions, 1 with code\.$/,
    );
    expect(next.text).toContain(
      "The latest question: “Now add an index for the cursor order please.”",
    );
    expect(next.keyPoints[0]).toBe(first.keyPoints[0]);
    expect(next.keyPoints[1]).toBe("So far: 3 questions, 3 replies, 1 with code");
  });

  it("is the same every time", () => {
    const input = {
      previous: null,
      messages: [{ role: "user" as const, content: "Hello there, friend." }],
      firstNumber: 1,
    };
    expect(extractiveSummary(input)).toEqual(extractiveSummary(input));
  });
});
