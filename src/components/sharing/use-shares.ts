"use client";

import { useCallback, useEffect, useState } from "react";
import { useLiveEvents } from "@/components/workspace/live-events";
import { ApiClientError, api } from "@/lib/api-client";
import type { ShareBody, ShareListBody } from "@/lib/contract/bodies";
import type { ChatSessionShare, ShareRole } from "@/lib/contract/entities";

/**
 * The people one of the user's sessions is shared with, read while `active` (the dialog is
 * open) and again whenever the server says they changed (here or in another tab).
 */
export function useShares(chatSessionId: string, active: boolean) {
  const [shares, setShares] = useState<ChatSessionShare[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = `/api/chat-sessions/${chatSessionId}/shares`;

  const reload = useCallback(async () => {
    try {
      setShares((await api<ShareListBody>(url)).shares);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [url]);

  useEffect(() => {
    if (active) void reload();
  }, [active, reload]);

  useLiveEvents((event) => {
    if (!active) return;
    if (
      (event.type === "shares" && event.chatSessionId === chatSessionId) ||
      event.type === "resync"
    )
      void reload();
  });

  const upsert = (share: ChatSessionShare) =>
    setShares((list) => {
      const current = list ?? [];
      return current.some((s) => s.userId === share.userId)
        ? current.map((s) => (s.userId === share.userId ? share : s))
        : [...current, share];
    });

  return {
    shares,
    error,
    /** Shares the session with the user of `email`; their role changes if it already is. */
    async invite(email: string, role: ShareRole) {
      const { share } = await api<ShareBody>(url, { method: "POST", body: { email, role } });
      upsert(share);
      return share;
    },
    async setRole(userId: string, role: ShareRole) {
      const { share } = await api<ShareBody>(`${url}/${userId}`, {
        method: "PATCH",
        body: { role },
      });
      upsert(share);
    },
    async remove(userId: string) {
      await api(`${url}/${userId}`, { method: "DELETE" });
      setShares((list) => (list ?? []).filter((s) => s.userId !== userId));
    },
  };
}

/** An invitation's refusal in words the owner can act on. */
export function describeInviteError(error: unknown): string {
  if (!(error instanceof ApiClientError)) return "The invitation could not be sent. Try again.";
  if (error.status === 404) return "No Craft user has that email. They need an account first.";
  if (error.status === 429) return "Too many invitations in the last hour. Try again later.";
  return error.message;
}
