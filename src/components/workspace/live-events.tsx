"use client";

import { createContext, type ReactNode, useContext, useEffect, useRef } from "react";
import type { LiveEvent as ServerEvent } from "@/lib/contract/live-events";

/**
 * What /api/events sends, and `resync`, from this tab itself: the stream was down for a while
 * (a dropped connection, or closed as the user's oldest), so whatever was sent meanwhile was
 * missed: re-read what is shown.
 */
export type LiveEvent = ServerEvent | { type: "resync" };

type Listener = (event: LiveEvent) => void;

const LiveEventsContext = createContext<Set<Listener> | null>(null);

/**
 * One EventSource per tab, shared by everything inside (browsers allow only a few open
 * connections per site). EventSource reconnects by itself after a drop. The server closes the
 * user's oldest stream when they hold too many (`superseded`), or may refuse one (a 503 while
 * the database restarts): then this tab reconnects the next time it is shown.
 */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>()).current;
  useEffect(() => {
    const emit = (event: LiveEvent) => {
      for (const listener of listeners) listener(event);
    };
    let source: EventSource | null = null;
    let everOpen = false;
    const connect = () => {
      const current = new EventSource("/api/events");
      source = current;
      current.onopen = () => {
        if (everOpen) emit({ type: "resync" });
        everOpen = true;
      };
      current.onmessage = (message) => emit(JSON.parse(message.data) as LiveEvent);
      current.addEventListener("superseded", () => current.close());
    };
    const reconnectIfShown = () => {
      if (document.visibilityState === "visible" && source?.readyState === EventSource.CLOSED) {
        connect();
      }
    };
    connect();
    document.addEventListener("visibilitychange", reconnectIfShown);
    window.addEventListener("focus", reconnectIfShown);
    return () => {
      source?.close();
      document.removeEventListener("visibilitychange", reconnectIfShown);
      window.removeEventListener("focus", reconnectIfShown);
    };
  }, [listeners]);
  return <LiveEventsContext.Provider value={listeners}>{children}</LiveEventsContext.Provider>;
}

/** Calls `handler` (its latest version) for every live event while the component is mounted. */
export function useLiveEvents(handler: Listener): void {
  const listeners = useContext(LiveEventsContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!listeners) return;
    const listener: Listener = (event) => latest.current(event);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [listeners]);
}
