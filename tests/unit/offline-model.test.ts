import { streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createOfflineModel } from "@/server/ai/offline-model";

async function ask(question: string, delayMs = 0) {
  const result = streamText({
    model: createOfflineModel({ delayMs }),
    system: "Project name: Garden planner",
    messages: [
      { role: "user", content: "earlier" },
      { role: "assistant", content: "earlier answer" },
      { role: "user", content: question },
    ],
  });
  const deltas: string[] = [];
  for await (const delta of result.textStream) deltas.push(delta);
  return deltas;
}

describe("offline model", () => {
  it("says what it is, echoes the question, and explains how to connect a real model", async () => {
    const text = (await ask("Which plants like shade?\nAnd water?")).join("");
    expect(text).toContain("offline model");
    expect(text).toContain("> Which plants like shade?\n> And water?");
    expect(text).toContain("project **Garden planner**, 2 earlier messages");
    expect(text).toMatch(/AI_PROVIDER=openai-compatible/);
  });

  it("streams word by word and is deterministic", async () => {
    const first = await ask("same question");
    expect(first.length).toBeGreaterThan(30);
    expect(await ask("same question")).toEqual(first);
  });

  it("paces its words by the configured delay", async () => {
    const started = Date.now();
    const words = await ask("slow", 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(words.length * 2 * 0.8);
  });
});
