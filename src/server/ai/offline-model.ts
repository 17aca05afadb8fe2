import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { INSTRUCTIONS_HEADING } from "./prompts";
import { unknownUsage } from "./usage";

const ECHO_LIMIT = 600;

/**
 * The model Craft uses when no real one is configured. It needs no network, says plainly what
 * it is, echoes the question and explains how to connect a real model. Deterministic, so
 * tests and screenshots are repeatable. `delayMs` paces the words like a real stream.
 */
export function createOfflineModel({ delayMs }: { delayMs: number }): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: "craft",
    modelId: "offline",
    supportedUrls: {},
    async doGenerate(options) {
      options.abortSignal?.throwIfAborted();
      return {
        content: [{ type: "text", text: offlineReply(options.prompt) }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: unknownUsage,
        warnings: [],
      };
    },
    async doStream(options: LanguageModelV3CallOptions) {
      const words = offlineReply(options.prompt).match(/\S+\s*|\s+/g) ?? [];
      const signal = options.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          controller.enqueue({ type: "text-start", id: "reply" });
          for (const word of words) {
            if (delayMs > 0) await sleep(delayMs, signal);
            if (signal?.aborted) break;
            controller.enqueue({ type: "text-delta", id: "reply", delta: word });
          }
          controller.enqueue({ type: "text-end", id: "reply" });
          controller.enqueue({
            type: "finish",
            finishReason: { unified: signal?.aborted ? "other" : "stop", raw: undefined },
            usage: unknownUsage,
          });
          controller.close();
        },
      });
      return { stream };
    },
  };
}

/** The reply to a prompt: what it is, what was asked, how to get a real answer. */
export function offlineReply(prompt: LanguageModelV3Prompt): string {
  const question = lastUserText(prompt).trim();
  const echoed = question.length > ECHO_LIMIT ? `${question.slice(0, ECHO_LIMIT)}…` : question;
  const earlier = prompt.filter((m) => m.role === "user" || m.role === "assistant").length - 1;
  const system = systemText(prompt);
  const project = /^Project name: (.*)$/m.exec(system)?.[1];
  return [
    "I'm Craft's **offline model**: I run inside this server without any network, so I can't " +
      "actually think about your question. Your message is saved, and so is this reply.",
    "",
    "You asked:",
    "",
    ...echoed.split("\n").map((line) => `> ${line}`),
    "",
    `Context I was given: project **${project ?? "unknown"}**, ${earlier} earlier message${earlier === 1 ? "" : "s"} in this chat.`,
    ...instructionsLine(system),
    "",
    "To get real answers, start Craft with a model server, for example a local Ollama:",
    "",
    "```sh",
    "AI_PROVIDER=openai-compatible \\",
    "AI_BASE_URL=http://localhost:11434/v1 \\",
    "AI_MODEL=llama3.2 npm start",
    "```",
    "",
    "or `AI_PROVIDER=openai` / `AI_PROVIDER=anthropic` with `AI_MODEL` and an API key. The README lists every option.",
  ].join("\n");
}

/** Says which instructions for the chat arrived, so the user (and a test) can see they did. */
function instructionsLine(system: string): string[] {
  const at = system.lastIndexOf(`\n${INSTRUCTIONS_HEADING}\n`);
  if (at < 0) return [];
  const instructions = system.slice(at + INSTRUCTIONS_HEADING.length + 2);
  const opening = instructions.split("\n")[0]?.slice(0, 80) ?? "";
  return [
    "",
    `Instructions for this chat: ${instructions.length} characters, starting "${opening}${opening.length < instructions.length ? "…" : ""}".`,
  ];
}

function lastUserText(prompt: LanguageModelV3Prompt): string {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const message = prompt[i];
    if (message?.role !== "user") continue;
    return message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
  }
  return "";
}

function systemText(prompt: LanguageModelV3Prompt): string {
  return prompt.flatMap((m) => (m.role === "system" ? [m.content] : [])).join("\n");
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
