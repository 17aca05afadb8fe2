// A small OpenAI-compatible Chat Completions server on 127.0.0.1: real HTTP, real SSE chunks.
import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeEach } from "vitest";

export interface FakeBehaviour {
  /** The reply, sent one word per chunk. */
  words: string[];
  /** Pause before each chunk. */
  delayMs: number;
  /** Cut the connection after this many content chunks. */
  failAfterChunks?: number;
  /** Answer every request with this HTTP status and an OpenAI-style error body instead. */
  failWithStatus?: number;
  /**
   * Answers some requests its own way (a summary request, say): a text, a failure status, a
   * pause first. Undefined for the others, which the fields above answer.
   */
  respond?: (request: FakeRequest) => FakeAnswer | undefined;
}

export interface FakeRequest {
  model: string;
  stream: boolean;
  messages: { role: string; content: unknown }[];
}

export interface FakeAnswer {
  text?: string;
  status?: number;
  delayMs?: number;
}

/** What the fake's error bodies say: a provider's own text, which must not reach a user. */
export const PROVIDER_ERROR_TEXT =
  "Incorrect API key provided: sk-proj-abc123***xyz at internal-gw-7";

export interface FakeOpenAI {
  url: string;
  /** Every request body the server received, in order. */
  requests: FakeRequest[];
  behaviour: FakeBehaviour;
  /**
   * Emits "chunk" once each content chunk of a streamed answer has reached the socket: a test
   * awaits `once(fake.events, "chunk")` to act while a reply is streaming.
   */
  events: EventEmitter;
  close(): Promise<void>;
}

export const defaultBehaviour = (): FakeBehaviour => ({
  words: "Hello from the fake model. Here is a useful answer.".split(" "),
  delayMs: 5,
});

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const fake: Omit<FakeOpenAI, "url" | "close"> = {
    requests: [],
    behaviour: defaultBehaviour(),
    events: new EventEmitter(),
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    fake.requests.push(body);
    const own = fake.behaviour.respond?.(body);
    if (own?.delayMs) await new Promise((r) => setTimeout(r, own.delayMs));
    const { delayMs, failAfterChunks } = fake.behaviour;
    const failWithStatus = own?.status ?? fake.behaviour.failWithStatus;
    const words = own?.text !== undefined ? own.text.split(" ") : fake.behaviour.words;
    if (failWithStatus) {
      // retry-after-ms: the SDK's retries of a 429 or 5xx come at once, not after seconds.
      res.writeHead(failWithStatus, { "content-type": "application/json", "retry-after-ms": "1" });
      res.end(JSON.stringify({ error: { message: PROVIDER_ERROR_TEXT, type: "api_error" } }));
      return;
    }
    const chunk = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({
        id: "chatcmpl-fake",
        object: "chat.completion.chunk",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`;

    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "chatcmpl-fake",
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: words.join(" ") },
              finish_reason: "stop",
            },
          ],
          usage: {
            prompt_tokens: 1,
            completion_tokens: words.length,
            total_tokens: words.length + 1,
          },
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    // Each chunk is handed to the socket before the next step, so a cut loses nothing sent.
    const write = (data: string) =>
      new Promise<void>((resolve) => res.write(data, () => resolve()));
    await write(chunk({ role: "assistant", content: "" }));
    for (const [index, word] of words.entries()) {
      if (failAfterChunks !== undefined && index >= failAfterChunks) {
        res.destroy(); // a dropped connection mid-stream
        return;
      }
      await new Promise((r) => setTimeout(r, delayMs));
      if (res.destroyed) return;
      await write(chunk({ content: index === 0 ? word : ` ${word}` }));
      fake.events.emit("chunk");
    }
    res.write(chunk({}, "stop"));
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/**
 * The fake as this test file's model provider: started once, closed after the file, and with
 * the default behaviour and an empty request log before each test.
 */
export async function fakeProviderForFile(): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI();
  process.env.AI_PROVIDER = "openai-compatible";
  process.env.AI_BASE_URL = fake.url;
  process.env.AI_MODEL = "fake-model";
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.behaviour = defaultBehaviour();
    fake.requests.length = 0;
  });
  return fake;
}
