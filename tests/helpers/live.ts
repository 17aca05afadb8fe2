import { send } from "./app";

export interface EventFeed {
  /** Resolves with the first event matching `predicate`, or rejects after `timeoutMs`. */
  next(predicate: (event: any) => boolean, timeoutMs?: number): Promise<any>;
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
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        const frames = buffer.split("\n\n");
        buffer = frames.pop() ?? "";
        for (const frame of frames) {
          const data = frame.split("\n").find((line) => line.startsWith("data: "));
          if (data) events.push(JSON.parse(data.slice(6)));
        }
        for (const wake of waiters) wake();
      }
    } catch {
      // aborted
    }
  })();
  return {
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
