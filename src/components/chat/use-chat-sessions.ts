"use client";

import { useCallback, useRef, useState } from "react";
import { api } from "@/lib/api-client";
import type {
  BulkSessionsResultBody,
  ChatSessionBody,
  ChatSessionListPage,
} from "@/lib/contract/bodies";
import type { ChatSessionListItem } from "@/lib/contract/entities";

const PAGE = 30;

/** Which sessions the list shows: the archived ones or the others, with every tag of `tagIds`. */
interface SessionView {
  archived: boolean;
  tagIds: string[];
}

const DEFAULT_VIEW: SessionView = { archived: false, tagIds: [] };

/** A session as a change reports it: tags and count may be missing (kept from before). */
export type SessionChange = Omit<ChatSessionListItem, "messageCount" | "tags"> & {
  messageCount?: number;
  tags?: ChatSessionListItem["tags"];
};

export type BulkAction = "tag" | "untag" | "pin" | "unpin" | "archive" | "unarchive" | "delete";

/** The server's list order: pinned first, then most recently active, the id breaking ties. */
const byListOrder = (a: ChatSessionListItem, b: ChatSessionListItem) =>
  Number(b.pinned) - Number(a.pinned) ||
  b.updatedAt.localeCompare(a.updatedAt) ||
  b.id.localeCompare(a.id);

const inView = (s: ChatSessionListItem, view: SessionView) =>
  s.archived === view.archived && view.tagIds.every((id) => s.tags.some((t) => t.id === id));

const listUrl = (projectId: string, view: SessionView, after: string | null) =>
  `/api/chat-sessions?${new URLSearchParams([
    ["projectId", projectId],
    ["includeMessages", "false"],
    ["limit", String(PAGE)],
    ["archived", String(view.archived)],
    ...view.tagIds.map((id) => ["tag", id]),
    ...(after ? [["cursor", after]] : []),
  ])}`;

/**
 * A project's sessions as the list shows them (a view: archived or not, filtered by tags),
 * loaded a page at a time through the API's cursor, and every session seen so far by id, so
 * the chat's header knows the current one even when the list does not show it.
 */
export function useChatSessions(
  projectId: string,
  initial: ChatSessionListItem[],
  initialCursor: string | null,
) {
  const [view, setViewState] = useState<SessionView>(DEFAULT_VIEW);
  const viewRef = useRef(view);
  const [sessions, setSessions] = useState(initial);
  // Every session seen, by id; a ref so a change merges with the latest, then shown.
  const known = useRef(new Map(initial.map((s) => [s.id, s])));
  const [, setKnownVersion] = useState(0);
  // When each session last changed here, on a counter: a re-read that started before a change
  // must not put the older copy back.
  const clock = useRef(0);
  const changedAt = useRef(new Map<string, number>());
  const [cursor, setCursor] = useState(initialCursor);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadingView, setLoadingView] = useState(false);

  const remember = useCallback((seen: ChatSessionListItem[]) => {
    for (const s of seen) known.current.set(s.id, s);
    setKnownVersion((v) => v + 1);
  }, []);

  /** Changed sessions, as they are now: in the list if the view shows them, out if not. */
  const apply = useCallback(
    (changes: SessionChange[]) => {
      const merged = changes.map((change) => {
        const old = known.current.get(change.id);
        return {
          ...old,
          ...change,
          messageCount: change.messageCount ?? old?.messageCount ?? 0,
          tags: change.tags ?? old?.tags ?? [],
        };
      });
      remember(merged);
      clock.current += 1;
      for (const s of merged) changedAt.current.set(s.id, clock.current);
      const ids = new Set(changes.map((c) => c.id));
      const shown = merged.filter((s) => inView(s, viewRef.current));
      setSessions((list) => [...shown, ...list.filter((s) => !ids.has(s.id))].sort(byListOrder));
    },
    [remember],
  );

  const fetchPage = useCallback(
    (target: SessionView, after: string | null) =>
      api<ChatSessionListPage>(listUrl(projectId, target, after)),
    [projectId],
  );

  /** Shows another view: the archived sessions, or sessions with certain tags. */
  const setView = useCallback(
    async (next: SessionView) => {
      viewRef.current = next;
      setViewState(next);
      setLoadingView(true);
      try {
        const page = await fetchPage(next, null);
        if (viewRef.current !== next) return; // another view was asked for meanwhile
        setSessions(page.chatSessions);
        setCursor(page.nextCursor);
        remember(page.chatSessions);
      } finally {
        if (viewRef.current === next) setLoadingView(false);
      }
    },
    [fetchPage, remember],
  );

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    const asked = viewRef.current;
    try {
      const page = await fetchPage(asked, cursor);
      if (viewRef.current !== asked) return;
      setSessions((list) => [
        ...list,
        ...page.chatSessions.filter((s) => !list.some((o) => o.id === s.id)),
      ]);
      setCursor(page.nextCursor);
      remember(page.chatSessions);
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loadingMore, fetchPage, remember]);

  /** Re-reads the view's first page (names, order and tags change) and merges it in. */
  const refresh = useCallback(async () => {
    const asked = viewRef.current;
    const started = clock.current;
    const page = await fetchPage(asked, null);
    if (viewRef.current !== asked) return;
    const fresh = page.chatSessions.filter((s) => (changedAt.current.get(s.id) ?? 0) <= started);
    remember(fresh);
    setSessions((list) => {
      const ids = new Set(fresh.map((s) => s.id));
      return [...fresh, ...list.filter((s) => !ids.has(s.id))].sort(byListOrder);
    });
  }, [fetchPage, remember]);

  const create = useCallback(
    async (templateId?: string) => {
      const { chatSession } = await api<ChatSessionBody>("/api/chat-sessions", {
        method: "POST",
        body: { projectId, ...(templateId ? { templateId } : {}) },
      });
      const summary = { ...chatSession, messageCount: 0 };
      apply([summary]);
      return summary;
    },
    [projectId, apply],
  );

  /** Changes one session: its name, tags, pin, archive or instructions. */
  const update = useCallback(
    async (
      id: string,
      changes: Partial<{
        name: string;
        tags: string[];
        pinned: boolean;
        archived: boolean;
        instructions: string;
      }>,
    ) => {
      const { chatSession } = await api<ChatSessionBody>(`/api/chat-sessions/${id}`, {
        method: "PATCH",
        body: changes,
      });
      apply([chatSession]);
      return chatSession;
    },
    [apply],
  );

  const rename = useCallback((id: string, name: string) => update(id, { name }), [update]);

  /**
   * Asks for a fresh AI summary. The answer says it is running; the summary comes later, in a
   * live `session` event, which may overtake the answer: a change seen since the ask is newer.
   */
  const summarize = useCallback(
    async (id: string) => {
      const asked = clock.current;
      const { chatSession } = await api<ChatSessionBody>(`/api/chat-sessions/${id}/summary`, {
        method: "POST",
        body: {},
      });
      if ((changedAt.current.get(id) ?? 0) <= asked) apply([chatSession]);
      return chatSession;
    },
    [apply],
  );

  const drop = useCallback((ids: string[]) => {
    const gone = new Set(ids);
    setSessions((list) => list.filter((s) => !gone.has(s.id)));
    clock.current += 1;
    for (const id of ids) {
      known.current.delete(id);
      changedAt.current.set(id, clock.current);
    }
    setKnownVersion((v) => v + 1);
  }, []);

  /** Deletes a session; returns the sessions left in the list, in order. */
  const remove = useCallback(
    async (id: string) => {
      await api(`/api/chat-sessions/${id}`, { method: "DELETE" });
      drop([id]);
      return sessions.filter((s) => s.id !== id);
    },
    [sessions, drop],
  );

  /** One action on several sessions at once, all or none. */
  const bulk = useCallback(
    async (ids: string[], action: BulkAction, tagIds?: string[]) => {
      const result = await api<BulkSessionsResultBody>("/api/chat-sessions/bulk", {
        method: "POST",
        body: { ids, action, ...(tagIds ? { tagIds } : {}) },
      });
      if (result.deletedIds.length > 0) drop(result.deletedIds);
      if (result.chatSessions.length > 0) apply(result.chatSessions);
    },
    [apply, drop],
  );

  return {
    sessions,
    view,
    setView,
    loadingView,
    get: (id: string) => known.current.get(id),
    hasMore: cursor !== null,
    loadingMore,
    loadMore,
    refresh,
    create,
    update,
    rename,
    summarize,
    remove,
    bulk,
    upsert: (changed: SessionChange) => apply([changed]),
    drop: (id: string) => drop([id]),
  };
}

export type ChatSessions = ReturnType<typeof useChatSessions>;
