"use client";

import { useCallback, useEffect, useState } from "react";
import { api } from "@/lib/api-client";
import type { TagBody, TagListBody } from "@/lib/contract/bodies";
import type { Tag, TagColor } from "@/lib/contract/entities";

/** The user's tags, read once and kept as they change here or (on `refresh`) elsewhere. */
export function useTags() {
  const [tags, setTags] = useState<Tag[]>([]);
  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(async () => {
    const body = await api<TagListBody>("/api/tags");
    setTags(body.tags);
    setLoaded(true);
  }, []);

  useEffect(() => {
    refresh().catch(() => {});
  }, [refresh]);

  const create = useCallback(async (name: string, color?: TagColor) => {
    const { tag } = await api<TagBody>("/api/tags", { method: "POST", body: { name, color } });
    setTags((list) => [...list, tag].sort((a, b) => a.name.localeCompare(b.name)));
    return tag;
  }, []);

  const update = useCallback(async (id: string, changes: { name?: string; color?: TagColor }) => {
    const { tag } = await api<TagBody>(`/api/tags/${id}`, { method: "PATCH", body: changes });
    setTags((list) =>
      list.map((t) => (t.id === id ? tag : t)).sort((a, b) => a.name.localeCompare(b.name)),
    );
    return tag;
  }, []);

  const remove = useCallback(async (id: string) => {
    await api(`/api/tags/${id}`, { method: "DELETE" });
    setTags((list) => list.filter((t) => t.id !== id));
  }, []);

  return { tags, loaded, refresh, create, update, remove };
}

export type Tags = ReturnType<typeof useTags>;
