"use client";

import { Check, Copy, Link2, Trash2 } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Timestamp } from "@/components/ui/timestamp";
import { useCopy } from "@/components/ui/use-copy";
import { api } from "@/lib/api-client";
import type { ShareLinkBody, ShareLinkListBody } from "@/lib/contract/bodies";
import type { ShareLink, ShareLinkMode } from "@/lib/contract/entities";

const MODES: Record<ShareLinkMode, { label: string; hint: string }> = {
  snapshot: { label: "Snapshot", hint: "The chat as it is now; later messages stay private." },
  live: { label: "Live", hint: "Whatever the chat's current branch holds when it is opened." },
};

/**
 * A session's read-only links (/s/<token>): make one, copy it, revoke it. Anyone holding a
 * link reads the chat without signing in, with your display name beside it.
 */
export function ShareLinksSection({ chatSessionId }: { chatSessionId: string }) {
  const [links, setLinks] = useState<ShareLink[] | null>(null);
  const [mode, setMode] = useState<ShareLinkMode>("snapshot");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const path = `/api/chat-sessions/${encodeURIComponent(chatSessionId)}/links`;

  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void run(async () => setLinks((await api<ShareLinkListBody>(path)).links));
  }, [path, run]);

  const create = () =>
    run(async () => {
      const { link } = await api<ShareLinkBody>(path, { method: "POST", body: { mode } });
      setLinks((shown) => [link, ...(shown ?? [])]);
    });
  const revoke = (id: string) =>
    run(async () => {
      await api(`${path}/${encodeURIComponent(id)}`, { method: "DELETE" });
      setLinks((shown) => shown?.filter((link) => link.id !== id) ?? null);
    });

  return (
    <div>
      <p className="mb-3 text-sm text-muted-foreground">
        Anyone with a link can read this chat without signing in. They see your display name, never
        your email.
      </p>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">New link</legend>
        {(Object.keys(MODES) as ShareLinkMode[]).map((value) => (
          <label key={value} className="flex cursor-pointer items-start gap-2 text-sm">
            <input
              type="radio"
              name="share-link-mode"
              value={value}
              checked={mode === value}
              onChange={() => setMode(value)}
              className="mt-1 accent-primary"
            />
            <span>
              <span className="font-medium">{MODES[value].label}</span>
              <span className="block text-muted-foreground">{MODES[value].hint}</span>
            </span>
          </label>
        ))}
        <Button onClick={create} disabled={busy} size="sm" data-testid="create-share-link">
          <Link2 className="h-3.5 w-3.5" aria-hidden="true" /> Create link
        </Button>
      </fieldset>
      {error && (
        <p
          role="alert"
          className="mt-3 rounded-md border border-error-border bg-error px-3 py-2 text-sm text-error-foreground"
        >
          {error}
        </p>
      )}
      <h4 className="mt-5 text-sm font-medium">Links</h4>
      {links === null ? (
        <p className="mt-2 text-sm text-muted-foreground">Loading…</p>
      ) : links.length === 0 ? (
        <p className="mt-2 text-sm text-muted-foreground">No links yet.</p>
      ) : (
        <ul className="mt-2 space-y-2" aria-label="Links">
          {links.map((link) => (
            <LinkRow key={link.id} link={link} onRevoke={() => revoke(link.id)} busy={busy} />
          ))}
        </ul>
      )}
    </div>
  );
}

function LinkRow({
  link,
  onRevoke,
  busy,
}: {
  link: ShareLink;
  onRevoke: () => void;
  busy: boolean;
}) {
  const [copied, copy] = useCopy();
  return (
    <li className="rounded-lg border border-border p-2" data-testid="share-link">
      <div className="flex items-center gap-2 text-xs text-muted-foreground">
        <span className="font-medium text-foreground">{MODES[link.mode].label}</span>
        <Timestamp iso={link.createdAt} prefix="made " />
      </div>
      <div className="mt-1 flex items-center gap-1">
        <input
          readOnly
          value={link.url}
          aria-label={`${MODES[link.mode].label} link`}
          onFocus={(e) => e.currentTarget.select()}
          className="h-8 min-w-0 flex-1 rounded-md border border-input bg-background px-2 font-mono text-xs"
        />
        <Button variant="secondary" size="sm" onClick={() => void copy(link.url)}>
          {copied ? <Check className="h-3.5 w-3.5" /> : <Copy className="h-3.5 w-3.5" />}
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button
          variant="ghost"
          size="icon"
          onClick={onRevoke}
          disabled={busy}
          aria-label="Revoke link"
          title="Revoke link"
        >
          <Trash2 className="h-3.5 w-3.5" />
        </Button>
      </div>
    </li>
  );
}
