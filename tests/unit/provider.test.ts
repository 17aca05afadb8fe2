import { beforeEach, describe, expect, it, vi } from "vitest";

// Each case loads the provider module afresh, with its own environment.
async function providerWith(vars: Record<string, string>) {
  vi.resetModules();
  for (const key of [
    "AI_PROVIDER",
    "AI_BASE_URL",
    "AI_MODEL",
    "AI_API_KEY",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
  ]) {
    delete process.env[key];
  }
  Object.assign(process.env, vars);
  return import("@/server/ai/provider");
}

describe("chat model from the environment", () => {
  beforeEach(() => vi.resetModules());

  it("defaults to the offline model", async () => {
    const { chatModel } = await providerWith({});
    expect(chatModel()).toMatchObject({ real: false, label: "offline (built in)" });
  });

  it("builds an OpenAI-compatible model from a base URL and model name", async () => {
    const { chatModel } = await providerWith({
      AI_PROVIDER: "openai-compatible",
      AI_BASE_URL: "http://127.0.0.1:11434/v1",
      AI_MODEL: "llama3.2",
    });
    expect(chatModel()).toMatchObject({ real: true, label: "openai-compatible llama3.2" });
  });

  it.each([
    [
      { AI_PROVIDER: "openai-compatible", AI_MODEL: "m" },
      "AI_PROVIDER=openai-compatible needs AI_BASE_URL to be set",
    ],
    [{ AI_PROVIDER: "openai", AI_MODEL: "m" }, "AI_PROVIDER=openai needs OPENAI_API_KEY to be set"],
    [
      { AI_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "k" },
      "AI_PROVIDER=anthropic needs AI_MODEL to be set",
    ],
    [{ AI_PROVIDER: "gpt-please" }, "AI_PROVIDER=gpt-please is not a provider Craft knows"],
  ])("reports %j as a 503 that says what to set", async (vars, message) => {
    const { chatModelOrUnavailable } = await providerWith(vars);
    const { errorResponse } = await import("@/server/http/errors");
    let thrown: unknown;
    try {
      chatModelOrUnavailable();
    } catch (error) {
      thrown = error;
    }
    const res = errorResponse(thrown);
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toContain(message);
  });
});
