"use client";

import { useCallback, useRef, useState } from "react";
import { api } from "@/lib/api-client";
import type { MessageDeletedBody, MessagePage, MessageWindow } from "@/lib/contract/bodies";
import type { ChatMessageWithSiblings } from "@/lib/contract/entities";
import { type CraftUIMessage, mergeUIMessage, toUIMessage } from "./ui-messages";

const PAGE = 50;
/** The most a page may hold (the API's limit). */
const MAX_PAGE = 200;

type SetMessages = (update: (current: CraftUIMessage[]) => CraftUIMessage[]) => void;

/**
 * What a tab shows of a session: a stretch of its active branch, usually the newest messages,
 * with cursors to the ones before and (when opened at a search hit) after them. Loads those
 * pages, re-reads the newest one, and changes the branch (switch a version, delete, fix a
 * reply) through the API.
 */
export function useActiveBranch({
  chatSessionId,
  messages,
  setMessages,
  initialCursor,
  initialNewerCursor,
}: {
  chatSessionId: string;
  messages: CraftUIMessage[];
  setMessages: SetMessages;
  initialCursor: string | null;
  /** Null when the stretch shown reaches the newest message. */
  initialNewerCursor: string | null;
}) {
  const [olderCursor, setOlderCursor] = useState(initialCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [newerCursor, setNewerCursor] = useState(initialNewerCursor);
  const [loadingNewer, setLoadingNewer] = useState(false);
  // The messages as last rendered, for callbacks that run later (after a request).
  const shown = useRef(messages);
  shown.current = messages;

  const loadOlder = useCallback(async () => {
    if (!olderCursor || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await api<MessagePage>(
        `/api/chat-messages?chatSessionId=${chatSessionId}&limit=${PAGE}&before=${olderCursor}`,
      );
      setMessages((current) => [
        ...page.messages.filter((m) => !current.some((c) => c.id === m.id)).map(toUIMessage),
        ...current,
      ]);
      setOlderCursor(page.prevCursor);
    } finally {
      setLoadingOlder(false);
    }
  }, [chatSessionId, olderCursor, loadingOlder, setMessages]);

  const loadNewer = useCallback(async () => {
    if (!newerCursor || loadingNewer) return;
    setLoadingNewer(true);
    try {
      const page = await api<MessageWindow>(
        `/api/chat-messages?chatSessionId=${chatSessionId}&limit=${PAGE}&after=${newerCursor}`,
      );
      setMessages((current) => [
        ...current,
        ...page.messages.filter((m) => !current.some((c) => c.id === m.id)).map(toUIMessage),
      ]);
      setNewerCursor(page.nextCursor);
    } finally {
      setLoadingNewer(false);
    }
  }, [chatSessionId, newerCursor, loadingNewer, setMessages]);

  /**
   * Shows the newest page of the active branch. Where its first message is already shown, the
   * messages above it are its own older ones (a branch is a path) and stay, with the cursor.
   */
  const showNewest = useCallback(
    (page: { messages: ChatMessageWithSiblings[]; prevCursor: string | null }) => {
      const fresh = page.messages.map(toUIMessage);
      const first = fresh[0];
      const joinsAt = (list: CraftUIMessage[]) =>
        first ? list.findIndex((m) => m.id === first.id) : -1;
      if (joinsAt(shown.current) < 0) setOlderCursor(page.prevCursor);
      setNewerCursor(null);
      setMessages((current) => {
        const at = joinsAt(current);
        return at < 0 ? fresh : [...current.slice(0, at), ...fresh];
      });
    },
    [setMessages],
  );

  // One re-read at a time; events that arrive meanwhile ask for one more after it.
  const rereading = useRef<{ again: boolean } | null>(null);
  const resync = useCallback(async () => {
    if (rereading.current) {
      rereading.current.again = true;
      return;
    }
    const run = { again: true };
    rereading.current = run;
    try {
      while (run.again) {
        run.again = false;
        const page = await api<MessagePage>(
          `/api/chat-messages?chatSessionId=${chatSessionId}&limit=${PAGE}`,
        ).catch(() => null);
        if (page) showNewest(page);
      }
    } finally {
      rereading.current = null;
    }
  }, [chatSessionId, showNewest]);

  /** Makes the branch through `id` (another version of a shown message) the active one. */
  const switchTo = useCallback(
    async (id: string) => {
      const at = shown.current.findIndex((m) => m.metadata?.siblingIds?.includes(id));
      // Enough of the new branch to reach back above the switched message, so the messages
      // above stay where the reader is.
      const below = at < 0 ? 0 : shown.current.length - at;
      const limit = Math.min(MAX_PAGE, Math.max(PAGE, below + 10));
      const page = await api<MessagePage>(`/api/chat-sessions/${chatSessionId}/active-branch`, {
        method: "POST",
        body: { messageId: id, limit },
      });
      showNewest(page);
    },
    [chatSessionId, showNewest],
  );

  /** Takes a message and everything shown after it (its descendants) off the list. */
  const dropFrom = useCallback(
    (id: string) =>
      setMessages((current) => {
        const at = current.findIndex((m) => m.id === id);
        return at < 0 ? current : current.slice(0, at);
      }),
    [setMessages],
  );

  /** Deletes a message and everything after it, then shows where the branch ends now. */
  const remove = useCallback(
    async (id: string) => {
      await api<MessageDeletedBody>(`/api/chat-messages/${id}`, { method: "DELETE" });
      dropFrom(id);
      await resync();
    },
    [dropFrom, resync],
  );

  /** Replaces a reply's text by hand. */
  const fixReply = useCallback(
    async (id: string, content: string) => {
      const { message } = await api<{ message: ChatMessageWithSiblings }>(
        `/api/chat-messages/${id}`,
        { method: "PATCH", body: { content } },
      );
      const fixed = toUIMessage(message);
      setMessages((current) => current.map((m) => (m.id === id ? mergeUIMessage(m, fixed) : m)));
    },
    [setMessages],
  );

  return {
    olderCursor,
    loadingOlder,
    loadOlder,
    newerCursor,
    loadingNewer,
    loadNewer,
    resync,
    switchTo,
    remove,
    dropFrom,
    fixReply,
  };
}
