import { withUser } from "@/server/http/handler";
import { registerConnection } from "@/server/live/connections";
import { listen } from "@/server/live/events";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

// GET /api/events: your changes, from any tab or instance, as server-sent events
export const GET = withUser(async ({ req, user }) => {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const close = () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop(); // the client has gone
        }
      };
      const unsubscribe = listen(user.id, (event) => send(`data: ${JSON.stringify(event)}\n\n`));
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      // Too many streams for this user: the oldest is told why and closed, and does not retry.
      const unregister = await registerConnection(user.id, () => {
        send("event: superseded\ndata: {}\n\n");
        close();
      });
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        unregister();
        stop = () => {};
      };
      // Reconnect within a second if the connection drops (EventSource does it by itself).
      // Sent once the stream counts, and the streams it displaced were told: its first frame.
      send("retry: 1000\n\n");
      if (req.signal.aborted) close();
      req.signal.addEventListener("abort", close);
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
