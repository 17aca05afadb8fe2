import type { MessageRole, MessageStatus } from "@/lib/contract/entities";
import type { ImportedMessage } from "./conversation";
import { ImportFormatError } from "./conversation";
import { MAX_MESSAGE_CHARS, MAX_MESSAGES_PER_CONVERSATION } from "./limits";
import { storableText } from "./source-values";

/** A node of a source's message tree, before ordering. */
export interface SourceNode {
  id: string;
  parentId: string | null;
  /** Null when the source time is unknown: the nearest ancestor's time is used. */
  createdAt: Date | null;
  /** Null for a node that is not imported (hidden, tool plumbing, empty): its children are
   *  re-linked to its nearest imported ancestor. */
  kept: { role: MessageRole; content: string; status: MessageStatus } | null;
}

export interface MessageTree {
  messages: ImportedMessage[];
  activeLeafSourceId: string | null;
}

/**
 * Orders a source's nodes parents-before-children (siblings oldest first), drops the nodes
 * that are not kept, and picks the active leaf: the source's current node mapped to its
 * nearest kept ancestor (then down the newest replies to a leaf), else the newest leaf.
 * Iterative throughout, so no tree depth can overflow the stack. A cycle, a parent missing
 * from the conversation, a duplicate id or a limit passed throws an ImportFormatError
 * naming the conversation.
 */
export function buildMessageTree(
  conversation: string,
  nodes: SourceNode[],
  currentId: string | null,
  fallbackTime: Date,
): MessageTree {
  const problem = (what: string) =>
    new ImportFormatError(`The conversation "${conversation}" ${what}`);
  const byId = new Map<string, SourceNode>();
  for (const node of nodes) {
    if (byId.has(node.id)) throw problem(`has two messages with the id ${node.id}`);
    byId.set(node.id, node);
  }
  const children = new Map<string | null, SourceNode[]>();
  for (const node of nodes) {
    if (node.parentId !== null && !byId.has(node.parentId)) {
      throw problem(`has a message (${node.id}) whose parent ${node.parentId} is missing`);
    }
    const siblings = children.get(node.parentId);
    if (siblings) siblings.push(node);
    else children.set(node.parentId, [node]);
  }

  const messages: ImportedMessage[] = [];
  const nearestKept = new Map<string, string | null>();
  const stack: { node: SourceNode; keptParent: string | null; parentTime: Date }[] = [];
  const pushChildren = (parentId: string | null, keptParent: string | null, parentTime: Date) => {
    const list = [...(children.get(parentId) ?? [])].sort(
      (a, b) => (a.createdAt ?? parentTime).getTime() - (b.createdAt ?? parentTime).getTime(),
    );
    // Reversed onto the stack so the oldest sibling's subtree comes out first.
    for (let i = list.length - 1; i >= 0; i--) {
      stack.push({ node: list[i] as SourceNode, keptParent, parentTime });
    }
  };
  pushChildren(null, null, fallbackTime);
  let visited = 0;
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { node, keptParent, parentTime } = entry;
    visited++;
    const createdAt = node.createdAt ?? parentTime;
    if (node.kept) {
      if (node.kept.content.length > MAX_MESSAGE_CHARS) {
        throw problem(`has a message longer than ${MAX_MESSAGE_CHARS} characters`);
      }
      const { role, content, status } = node.kept;
      messages.push({
        sourceId: node.id,
        parentSourceId: keptParent,
        role,
        content: storableText(content),
        status,
        createdAt,
      });
      if (messages.length > MAX_MESSAGES_PER_CONVERSATION) {
        throw problem(`has more than ${MAX_MESSAGES_PER_CONVERSATION} messages`);
      }
    }
    const kept = node.kept ? node.id : keptParent;
    nearestKept.set(node.id, kept);
    pushChildren(node.id, kept, createdAt);
  }
  // Every node with a parent in the conversation is reached from a root unless a cycle holds it.
  if (visited < nodes.length) throw problem("has a cycle in its messages");

  return { messages, activeLeafSourceId: activeLeaf(messages, nearestKept, currentId) };
}

function activeLeaf(
  messages: ImportedMessage[],
  nearestKept: Map<string, string | null>,
  currentId: string | null,
): string | null {
  const lastChild = new Map<string, string>();
  for (const message of messages) {
    // Messages come oldest sibling first, so the last one seen is the newest reply.
    if (message.parentSourceId !== null) lastChild.set(message.parentSourceId, message.sourceId);
  }
  const current = currentId === null ? undefined : nearestKept.get(currentId);
  if (current) {
    let leaf = current;
    for (let next = lastChild.get(leaf); next; next = lastChild.get(leaf)) leaf = next;
    return leaf;
  }
  let newest: ImportedMessage | null = null;
  for (const message of messages) {
    if (lastChild.has(message.sourceId)) continue;
    if (!newest || message.createdAt >= newest.createdAt) newest = message;
  }
  return newest?.sourceId ?? null;
}
