import { withUser } from "@/server/http/handler";
import { listen } from "@/server/live/events";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

// GET /api/events: your changes, from any tab or instance, as server-sent events
export const GET = withUser(async ({ req, user }) => {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop(); // the client has gone
        }
      };
      // Reconnect within a second if the connection drops (EventSource does it by itself).
      send("retry: 1000\n\n");
      const unsubscribe = listen(user.id, (event) => send(`data: ${JSON.stringify(event)}\n\n`));
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      req.signal.addEventListener("abort", () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel: () => stop(),
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
});
