import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { wrapLanguageModel } from "ai";
import { env } from "@/env";
import { UnavailableError } from "@/server/errors";
import { createOfflineModel } from "./offline-model";
import { errorsAsParts } from "./stream-errors";

export interface ChatModel {
  model: LanguageModelV3;
  /** A real model: worth asking for a session title. */
  real: boolean;
  label: string;
}

/** A provider setting that cannot work; its message says what to set. */
export class ProviderConfigError extends Error {}

let cached: ChatModel | undefined;

/** The model AI_PROVIDER names, built once. Throws ProviderConfigError when misconfigured. */
export function chatModel(): ChatModel {
  cached ??= buildChatModel();
  return cached;
}

/** chatModel() for request handlers: a misconfiguration answers 503 with what to fix. */
export function chatModelOrUnavailable(): ChatModel {
  try {
    return chatModel();
  } catch (error) {
    if (error instanceof ProviderConfigError) throw new UnavailableError(error.message);
    throw error;
  }
}

function buildChatModel(): ChatModel {
  const config = env();
  const provider = config.AI_PROVIDER;
  const require = (value: string | undefined, name: string) => {
    if (!value) throw new ProviderConfigError(`AI_PROVIDER=${provider} needs ${name} to be set`);
    return value;
  };
  let model: LanguageModelV3;
  switch (provider) {
    case "offline":
      return {
        model: createOfflineModel({ delayMs: config.AI_OFFLINE_CHUNK_DELAY_MS }),
        real: false,
        label: "offline (built in)",
      };
    case "openai-compatible":
      model = createOpenAICompatible({
        name: "openai-compatible",
        baseURL: require(config.AI_BASE_URL, "AI_BASE_URL"),
        apiKey: config.AI_API_KEY,
      }).chatModel(require(config.AI_MODEL, "AI_MODEL"));
      break;
    case "openai":
      model = createOpenAI({
        apiKey: require(config.OPENAI_API_KEY ?? config.AI_API_KEY, "OPENAI_API_KEY"),
        baseURL: config.AI_BASE_URL,
      })(require(config.AI_MODEL, "AI_MODEL"));
      break;
    case "anthropic":
      model = createAnthropic({
        apiKey: require(config.ANTHROPIC_API_KEY ?? config.AI_API_KEY, "ANTHROPIC_API_KEY"),
        baseURL: config.AI_BASE_URL,
      })(require(config.AI_MODEL, "AI_MODEL"));
      break;
    default:
      throw new ProviderConfigError(
        `AI_PROVIDER=${provider} is not a provider Craft knows: use offline, openai-compatible, openai or anthropic`,
      );
  }
  return {
    model: wrapLanguageModel({ model, middleware: errorsAsParts }),
    real: true,
    label: `${provider} ${config.AI_MODEL}`,
  };
}
