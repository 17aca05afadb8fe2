"use client";

import { Users } from "lucide-react";
import Link from "next/link";
import { useCallback, useState } from "react";
import { Button } from "@/components/ui/button";
import { Timestamp } from "@/components/ui/timestamp";
import { useLiveEvents } from "@/components/workspace/live-events";
import { api } from "@/lib/api-client";
import type { SharedListBody } from "@/lib/contract/bodies";
import type { SharedChatSession } from "@/lib/contract/entities";
import { ROLE_NAMES } from "./role-names";

interface Props {
  initialShared: SharedChatSession[];
  initialCursor: string | null;
}

/**
 * The signed-in home's "Shared with you": chats other people shared with the user, each
 * opening on its own page. Kept live: a new share or role, a removal, a rename.
 */
export function SharedWithYou({ initialShared, initialCursor }: Props) {
  const [shared, setShared] = useState(initialShared);
  const [cursor, setCursor] = useState(initialCursor);
  const [loadingMore, setLoadingMore] = useState(false);

  // The first page again: what a share or a change of role may have moved.
  const reload = useCallback(async () => {
    const page = await api<SharedListBody>("/api/shared");
    setShared(page.sharedSessions);
    setCursor(page.nextCursor);
  }, []);

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api<SharedListBody>(`/api/shared?cursor=${encodeURIComponent(cursor)}`);
      setShared((list) => [
        ...list,
        ...page.sharedSessions.filter(
          (s) => !list.some((o) => o.chatSession.id === s.chatSession.id),
        ),
      ]);
      setCursor(page.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  }

  const drop = (id: string) => setShared((list) => list.filter((s) => s.chatSession.id !== id));

  useLiveEvents((event) => {
    switch (event.type) {
      case "access":
      case "resync":
        return void reload().catch(() => {});
      case "access-revoked":
      case "session-deleted":
        return drop(event.chatSessionId);
      case "session": {
        const { id, name, updatedAt } = event.chatSession;
        setShared((list) =>
          list.map((s) =>
            s.chatSession.id === id
              ? { ...s, chatSession: { ...s.chatSession, name, updatedAt } }
              : s,
          ),
        );
        return;
      }
    }
  });

  if (shared.length === 0) return null;
  return (
    <section
      id="shared"
      aria-labelledby="shared-heading"
      className="mt-10"
      data-testid="shared-with-you"
    >
      <h2 id="shared-heading" className="mb-3 flex items-center gap-2 text-lg font-semibold">
        <Users className="h-5 w-5 text-muted-foreground" aria-hidden="true" />
        Shared with you
      </h2>
      <ul className="divide-y divide-border overflow-hidden rounded-xl border border-border bg-card text-card-foreground">
        {shared.map(({ chatSession, role, ownerName, projectName }) => (
          <li
            key={chatSession.id}
            className="relative flex flex-col gap-1 px-4 py-3 hover:bg-accent sm:flex-row sm:items-center sm:gap-4"
            data-testid="shared-session"
            data-session-id={chatSession.id}
          >
            <div className="min-w-0 flex-1">
              <Link
                href={`/shared/${chatSession.id}`}
                className="block truncate font-medium after:absolute after:inset-0 focus-visible:outline-none"
              >
                {chatSession.name}
              </Link>
              <p className="truncate text-sm text-muted-foreground">
                {ownerName} · {projectName}
              </p>
            </div>
            <div className="flex shrink-0 items-center gap-3 text-xs text-muted-foreground">
              <span
                className="rounded bg-muted px-1.5 py-0.5 text-muted-foreground"
                data-testid="shared-role"
              >
                {ROLE_NAMES[role]}
              </span>
              <Timestamp iso={chatSession.updatedAt} prefix="Active " />
            </div>
          </li>
        ))}
      </ul>
      {cursor !== null && (
        <div className="mt-3 flex justify-center">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => void loadMore()}
            disabled={loadingMore}
          >
            Show more
          </Button>
        </div>
      )}
    </section>
  );
}
