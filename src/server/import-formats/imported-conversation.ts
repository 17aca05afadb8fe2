import type { ImportedConversation, ImportSource } from "./conversation";
import { buildMessageTree, type SourceNode } from "./message-tree";
import { storableText, timeSpan } from "./source-values";

export const defaultTitle = "Imported chat";

/** What a source reader has found in one conversation, before its tree is ordered. */
export interface SourceConversation {
  source: ImportSource;
  sourceId: string;
  title: string | null | undefined;
  createdAt: Date | null;
  updatedAt: Date | null;
  nodes: SourceNode[];
  currentId: string | null;
}

/**
 * Orders a source conversation's messages and settles its times: a missing creation time is
 * its first message's, a missing update time its last message's, and with no time at all,
 * the time of the import.
 */
export function importedConversation(
  found: SourceConversation,
  importedAt: Date,
): ImportedConversation {
  // One line, as a title shows; and storable.
  const title =
    storableText(found.title ?? "")
      .replace(/\s+/g, " ")
      .trim() || defaultTitle;
  const nodeTimes = timeSpan(found.nodes.flatMap((node) => node.createdAt ?? []));
  const createdAt = found.createdAt ?? nodeTimes?.first ?? importedAt;
  const tree = buildMessageTree(title, found.nodes, found.currentId, createdAt);
  const messageTimes = timeSpan(tree.messages.map((message) => message.createdAt));
  const updatedAt = found.updatedAt ?? messageTimes?.last ?? createdAt;
  return {
    source: found.source,
    sourceId: found.sourceId,
    title,
    createdAt,
    updatedAt: new Date(Math.max(updatedAt.getTime(), createdAt.getTime())),
    messages: tree.messages,
    activeLeafSourceId: tree.activeLeafSourceId,
  };
}
