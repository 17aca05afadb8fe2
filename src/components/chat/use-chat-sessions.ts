"use client";

import { useCallback, useState } from "react";
import { api } from "@/lib/api-client";
import type { ChatSessionBody, ChatSessionSummaryPage } from "@/lib/contract/bodies";
import type { ChatSessionSummary } from "@/lib/contract/entities";

const PAGE = 30;

const byRecency = (a: ChatSessionSummary, b: ChatSessionSummary) =>
  b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id);

/** A project's sessions, most recent first, loaded a page at a time through the API's cursor. */
export function useChatSessions(
  projectId: string,
  initial: ChatSessionSummary[],
  initialCursor: string | null,
) {
  const [sessions, setSessions] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [loadingMore, setLoadingMore] = useState(false);

  const fetchPage = useCallback(
    (after: string | null) =>
      api<ChatSessionSummaryPage>(
        `/api/chat-sessions?projectId=${projectId}&includeMessages=false&limit=${PAGE}${after ? `&cursor=${after}` : ""}`,
      ),
    [projectId],
  );

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await fetchPage(cursor);
      setSessions((list) => [
        ...list,
        ...page.chatSessions.filter((s) => !list.some((o) => o.id === s.id)),
      ]);
      setCursor(page.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loadingMore, fetchPage]);

  /** Re-reads the first page (names and order change as chats go on) and merges it in. */
  const refresh = useCallback(async () => {
    const page = await fetchPage(null);
    setSessions((list) => {
      const fresh = new Map(page.chatSessions.map((s) => [s.id, s]));
      const rest = list.filter((s) => !fresh.has(s.id));
      return [...page.chatSessions, ...rest].sort(byRecency);
    });
  }, [fetchPage]);

  const create = useCallback(async () => {
    const { chatSession } = await api<ChatSessionBody>("/api/chat-sessions", {
      method: "POST",
      body: { projectId },
    });
    const summary = { ...chatSession, messageCount: 0 };
    // The live event for this session may have arrived first.
    setSessions((list) => [summary, ...list.filter((s) => s.id !== summary.id)]);
    return summary;
  }, [projectId]);

  const rename = useCallback(async (id: string, name: string) => {
    const { chatSession } = await api<ChatSessionBody>(`/api/chat-sessions/${id}`, {
      method: "PATCH",
      body: { name },
    });
    setSessions((list) =>
      list.map((s) => (s.id === id ? { ...s, ...chatSession } : s)).sort(byRecency),
    );
  }, []);

  /** Deletes a session; returns the sessions left, most recent first. */
  const remove = useCallback(
    async (id: string) => {
      await api(`/api/chat-sessions/${id}`, { method: "DELETE" });
      const remaining = sessions.filter((s) => s.id !== id);
      setSessions(remaining);
      return remaining;
    },
    [sessions],
  );

  /** A session created or changed elsewhere (another tab, another instance). */
  const upsert = useCallback(
    (
      changed: Omit<ChatSessionSummary, "messageCount" | "tags"> & {
        messageCount?: number;
        tags?: ChatSessionSummary["tags"];
      },
    ) => {
      setSessions((list) => {
        const old = list.find((s) => s.id === changed.id);
        const merged = {
          ...old,
          ...changed,
          messageCount: changed.messageCount ?? old?.messageCount ?? 0,
          tags: changed.tags ?? old?.tags ?? [],
        };
        return [merged, ...list.filter((s) => s.id !== changed.id)].sort(byRecency);
      });
    },
    [],
  );

  const drop = useCallback(
    (id: string) => setSessions((list) => list.filter((s) => s.id !== id)),
    [],
  );

  return {
    sessions,
    hasMore: cursor !== null,
    loadingMore,
    loadMore,
    refresh,
    create,
    rename,
    remove,
    upsert,
    drop,
  };
}

export type ChatSessions = ReturnType<typeof useChatSessions>;
