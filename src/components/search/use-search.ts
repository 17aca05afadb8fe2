"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/lib/api-client";
import type { SearchResultsBody } from "@/lib/contract/bodies";
import type { SearchResult } from "@/lib/contract/entities";

/** Waits this long after the last keystroke before asking. */
const DEBOUNCE_MS = 200;

/**
 * Results for what is typed, asked for once typing pauses; a newer query cancels the request
 * of an older one, so results never arrive out of order.
 */
export function useSearch({
  query,
  projectId,
  order,
  enabled,
}: {
  query: string;
  projectId: string | undefined;
  order: "relevance" | "newest";
  enabled: boolean;
}) {
  const [results, setResults] = useState<SearchResult[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);

  const fetchPage = useCallback(
    async (after: string | null) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      const params = new URLSearchParams({ q: query.trim(), order });
      if (projectId) params.set("projectId", projectId);
      if (after) params.set("cursor", after);
      setLoading(true);
      setError(null);
      try {
        const page = await api<SearchResultsBody>(`/api/search?${params}`, {
          signal: controller.signal,
        });
        if (controller.signal.aborted) return;
        setResults((current) => (after ? [...current, ...page.results] : page.results));
        setCursor(page.nextCursor);
      } catch (e) {
        if (!controller.signal.aborted) setError((e as Error).message);
      } finally {
        if (running.current === controller) setLoading(false);
      }
    },
    [query, projectId, order],
  );

  useEffect(() => {
    if (!enabled || !query.trim()) {
      running.current?.abort();
      setResults([]);
      setCursor(null);
      setLoading(false);
      return;
    }
    const timer = setTimeout(() => void fetchPage(null), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [enabled, query, fetchPage]);

  return {
    results,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => void fetchPage(cursor),
  };
}
