// A stopping server waits for a reply's stream to reach its client: the notice must come
// when the body was read to the end or cancelled, not before.
import { describe, expect, it } from "vitest";
import { withDeliveryNotice } from "@/server/http/stream-delivery";

function streamOf(...chunks: string[]) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

/**
 * Whether the promise has settled once everything already queued has run: web streams move by
 * promises alone, so one turn of the event loop (after every pending microtask) decides it.
 */
const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe("withDeliveryNotice", () => {
  it("keeps status, headers and body, and settles once the body is read to its end", async () => {
    const original = new Response(streamOf("a", "b", "c"), {
      status: 201,
      headers: { "x-test": "yes" },
    });
    const { response, delivered } = withDeliveryNotice(original);
    expect(response.status).toBe(201);
    expect(response.headers.get("x-test")).toBe("yes");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    expect(await settled(delivered)).toBe(false);
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toBe("bc");
    expect(await settled(delivered)).toBe(true);
  });

  it("ends the body only once `endAfter` has settled", async () => {
    let release = () => {};
    const endAfter = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { response, delivered } = withDeliveryNotice(new Response(streamOf("all")), {
      endAfter,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const end = reader.read();
    expect(await settled(end)).toBe(false);
    release();
    expect((await end).done).toBe(true);
    expect(await settled(delivered)).toBe(true);
  });

  it("settles when the client goes away, and cancels the source", async () => {
    let cancelled = false;
    const source = new ReadableStream<Uint8Array>({
      pull: () => new Promise(() => {}), // a model still thinking
      cancel: () => {
        cancelled = true;
      },
    });
    const { response, delivered } = withDeliveryNotice(new Response(source));
    expect(await settled(delivered)).toBe(false);
    await response.body?.cancel();
    expect(await settled(delivered)).toBe(true);
    expect(cancelled).toBe(true);
  });
});
