import "server-only";
import { logger } from "@/server/logger";

const log = logger.child({ area: "export" });

/**
 * A download written as `chunks` produces it. The stream pulls the next chunk only when the
 * client has taken the last one (backpressure), so a slow reader holds the export back instead
 * of the server buffering it. A failure partway (the database, say) errors the stream: the
 * connection is cut, so the client sees an incomplete file rather than a complete-looking one.
 */
export function streamedDownload(
  chunks: AsyncGenerator<string>,
  { contentType, disposition }: { contentType: string; disposition: string },
): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const next = await chunks.next();
            if (next.done) {
              controller.close();
              return;
            }
            if (next.value === "") continue;
            controller.enqueue(encoder.encode(next.value));
            return;
          }
        } catch (error) {
          log.error({ err: error }, "an export stopped partway");
          controller.error(error);
        }
      },
      async cancel() {
        // The client went away: stop reading the database.
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
  return new Response(body, {
    headers: {
      "content-type": contentType,
      "content-disposition": disposition,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
