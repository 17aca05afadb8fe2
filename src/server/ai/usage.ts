import type { LanguageModelV3Usage } from "@ai-sdk/provider";

/** Token usage for streams that do not count tokens. */
export const unknownUsage: LanguageModelV3Usage = {
  inputTokens: {
    total: undefined,
    noCache: undefined,
    cacheRead: undefined,
    cacheWrite: undefined,
  },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};
