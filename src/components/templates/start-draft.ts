"use client";

import { useEffect, useState } from "react";

// The first message of a template, waiting for the composer of the chat just made from it.
// Kept outside React: the chat opens through a navigation, after the click that chose it.
const drafts = new Map<string, string>();

/** Leaves `text` for the composer of session `sessionId`, which takes it once. */
export function leaveStartDraft(sessionId: string, text: string) {
  if (text) drafts.set(sessionId, text);
}

/** The text waiting for this session's composer, if any; taken, so a later visit starts empty. */
export function useStartDraft(sessionId: string): string | undefined {
  const [draft] = useState(() => drafts.get(sessionId));
  useEffect(() => {
    drafts.delete(sessionId);
  }, [sessionId]);
  return draft;
}
