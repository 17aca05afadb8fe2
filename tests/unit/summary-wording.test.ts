import { describe, expect, it } from "vitest";
import { coverageText, summaryDescription } from "@/components/chat/summary-wording";

describe("coverageText", () => {
  it("says how many of the chat's messages the summary covers", () => {
    expect(coverageText(6, 8)).toBe("Covers 6 of 8 messages");
    expect(coverageText(4, 4)).toBe("Covers 4 of 4 messages");
    expect(coverageText(1, 1)).toBe("Covers 1 of 1 message");
  });

  it("leaves the total out when it is not known to include the covered messages", () => {
    expect(coverageText(6, 0)).toBe("Covers 6 messages");
    expect(coverageText(6, 2)).toBe("Covers 6 messages");
    expect(coverageText(1, 0)).toBe("Covers 1 message");
  });
});

describe("summaryDescription", () => {
  it("is empty without a summary", () => {
    expect(summaryDescription({ summary: null, summaryKeyPoints: ["kept"] })).toBe("");
  });

  it("is the summary alone without key points", () => {
    expect(summaryDescription({ summary: "A chat about tea.", summaryKeyPoints: [] })).toBe(
      "A chat about tea.",
    );
  });

  it("runs the key points after the summary, without doubled punctuation", () => {
    expect(
      summaryDescription({
        summary: "A chat about tea.",
        summaryKeyPoints: ["Green tea at 80 °C.", " Steep for two minutes; "],
      }),
    ).toBe("A chat about tea. Key points: Green tea at 80 °C; Steep for two minutes.");
  });
});
