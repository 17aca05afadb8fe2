import type { LanguageModelV3Middleware, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { unknownUsage } from "./usage";

/**
 * Providers end a failed stream in two ways: an `error` part, or by throwing mid-stream (a
 * dropped connection). streamText reports the second to nobody, so turn it into the first:
 * the reply is then saved as partial and the client gets an error part either way.
 */
export const errorsAsParts: LanguageModelV3Middleware = {
  specificationVersion: "v3",
  async wrapStream({ doStream }) {
    const result = await doStream();
    const reader = result.stream.getReader();
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.enqueue({ type: "error", error });
          controller.enqueue({
            type: "finish",
            finishReason: { unified: "error", raw: undefined },
            usage: unknownUsage,
          });
          controller.close();
        }
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return { ...result, stream };
  },
};
