"use client";

import { createContext, type ReactNode, useContext, useEffect, useRef } from "react";
import type { ChatMessage, ChatSessionSummary } from "@/lib/types";

/** What /api/events sends: the user's changes made in other tabs or on other instances. */
export type LiveEvent =
  | { type: "message"; projectId: string; message: ChatMessage }
  | { type: "message-deleted"; projectId: string; chatSessionId: string; messageId: string }
  | {
      type: "session";
      projectId: string;
      chatSession: Omit<ChatSessionSummary, "messageCount"> & { messageCount?: number };
    }
  | { type: "session-deleted"; projectId: string; chatSessionId: string }
  | { type: "project-deleted"; projectId: string };

type Listener = (event: LiveEvent) => void;

const LiveEventsContext = createContext<Set<Listener> | null>(null);

/**
 * One EventSource per tab, shared by everything inside (browsers allow only a few open
 * connections per site). EventSource reconnects by itself after a drop.
 */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>()).current;
  useEffect(() => {
    const source = new EventSource("/api/events");
    source.onmessage = (message) => {
      const event = JSON.parse(message.data) as LiveEvent;
      for (const listener of listeners) listener(event);
    };
    return () => source.close();
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
