import { send } from "./app";

export interface EventFeed {
  /** Resolves with the first event matching `predicate`, or rejects after `timeoutMs`. */
  next(predicate: (event: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens GET /api/events as the cookie's user and collects the events it sends. */
export async function openEvents(cookie: string | undefined): Promise<EventFeed> {
  const controller = new AbortController();
  const res = await send("GET", "/api/events", cookie, { signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`events: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const events: any[] = [];
  const waiters = new Set<() => void>();
  let buffer = "";
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        const frames = buffer.split("\n\n");
        buffer = frames.pop() ?? "";
        for (const frame of frames) {
          const lines = frame.split("\n");
          const data = lines.find((line) => line.startsWith("data: "));
          // A named event (`event: superseded`) is kept as { type: name, ...data }.
          const name = lines.find((line) => line.startsWith("event: "))?.slice(7);
          if (data) events.push({ ...JSON.parse(data.slice(6)), ...(name && { type: name }) });
        }
        for (const wake of waiters) wake();
      }
    } catch {
      // aborted
    }
  })();
  return {
    ended,
    next(predicate, timeoutMs = 1_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.type))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}
