import { streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createOfflineModel } from "@/server/ai/offline-model";
import { systemPrompt } from "@/server/ai/prompts";

async function ask(question: string, delayMs = 0, system = "Project name: Garden planner") {
  const result = streamText({
    model: createOfflineModel({ delayMs }),
    system,
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

  it("says which instructions for the chat it received, and nothing when there are none", async () => {
    const system = systemPrompt(
      { name: "Garden planner", description: null, files: {} },
      1_000,
      "Answer as a gardener.\nBe brief.",
    );
    const text = (await ask("Roses?", 0, system)).join("");
    expect(text).toContain(
      'Instructions for this chat: 31 characters, starting "Answer as a gardener.…".',
    );
    expect((await ask("Roses?")).join("")).not.toContain("Instructions for this chat");
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
