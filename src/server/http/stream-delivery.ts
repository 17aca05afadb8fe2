/**
 * A streaming response, and a promise that settles once its body was read to the end or
 * cancelled (the client went away): a stopping server waits for it so that a reply in flight
 * reaches the browser whole. With `endAfter`, the body ends only once that has settled too.
 */
export function withDeliveryNotice(
  response: Response,
  { endAfter }: { endAfter?: Promise<unknown> } = {},
): {
  response: Response;
  delivered: Promise<void>;
} {
  const body = response.body;
  if (!body) return { response, delivered: Promise.resolve() };
  const reader = body.getReader();
  let settle = () => {};
  const delivered = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          await endAfter;
          controller.close();
          settle();
        } else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
        settle();
      }
    },
    cancel(reason) {
      settle();
      return reader.cancel(reason);
    },
  });
  const { status, statusText, headers } = response;
  return { response: new Response(stream, { status, statusText, headers }), delivered };
}
