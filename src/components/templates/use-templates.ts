"use client";

import { useCallback, useEffect, useSyncExternalStore } from "react";
import { useLiveEvents } from "@/components/workspace/live-events";
import { api } from "@/lib/api-client";
import type { TemplateBody, TemplateListBody } from "@/lib/contract/bodies";
import type { SessionTemplate } from "@/lib/contract/entities";

/** What a template form sends: every field but the server's own. */
export interface TemplateFields {
  name: string;
  description: string;
  instructions: string;
  firstMessage: string;
  tagIds?: string[];
}

// One list per tab, shared by the picker, the manager and the session header: read once,
// re-read after each change here and on a `templates` event from another tab.
let templates: SessionTemplate[] | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function setTemplates(next: SessionTemplate[]) {
  templates = next;
  for (const listener of listeners) listener();
}

function load(): Promise<void> {
  loading ??= api<TemplateListBody>("/api/templates")
    .then((body) => setTemplates(body.templates))
    .finally(() => {
      loading = null;
    });
  return loading;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The templates the user can start from (built-ins first), loaded on first use; null while loading. */
export function useTemplates() {
  const list = useSyncExternalStore(
    subscribe,
    () => templates,
    () => null,
  );
  useEffect(() => {
    if (templates === null) load().catch(() => {});
  }, []);
  useLiveEvents((event) => {
    if (event.type === "templates" || event.type === "resync") load().catch(() => {});
  });

  const create = useCallback(async (body: Partial<TemplateFields> & Record<string, unknown>) => {
    const { template } = await api<TemplateBody>("/api/templates", { method: "POST", body });
    await load();
    return template;
  }, []);

  const update = useCallback(async (id: string, body: Partial<TemplateFields>) => {
    const { template } = await api<TemplateBody>(`/api/templates/${id}`, {
      method: "PATCH",
      body,
    });
    await load();
    return template;
  }, []);

  const remove = useCallback(async (id: string) => {
    await api(`/api/templates/${id}`, { method: "DELETE" });
    setTemplates((templates ?? []).filter((t) => t.id !== id));
  }, []);

  return { templates: list, reload: load, create, update, remove };
}
