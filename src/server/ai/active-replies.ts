/**
 * Replies being generated in this process: so the user can stop one, and so shutdown can
 * wait for them to be saved instead of cutting them off.
 */
interface ActiveReply {
  /** The session's owner: replies live in their namespace. */
  userId: string;
  /** The session it is in (a member may stop replies of that session only). */
  chatSessionId?: string;
  controller: AbortController;
  /** Settles when the reply is saved. */
  done: Promise<void>;
  /** Settles when the client has read the whole stream, or went away. */
  delivered: Promise<void>;
}

const holder = globalThis as typeof globalThis & { craftActiveReplies?: Map<string, ActiveReply> };
holder.craftActiveReplies ??= new Map();
const active = holder.craftActiveReplies;

export function trackReply(messageId: string, reply: ActiveReply): void {
  active.set(messageId, reply);
  void reply.done.finally(() => active.delete(messageId));
}

/**
 * Asks the model to stop the user's reply (in `chatSessionId`, when given); its text so far is
 * kept. False if none is running.
 */
export function stopReply(messageId: string, userId: string, chatSessionId?: string): boolean {
  const reply = active.get(messageId);
  if (!reply || reply.userId !== userId) return false;
  if (chatSessionId !== undefined && reply.chatSessionId !== chatSessionId) return false;
  reply.controller.abort();
  return true;
}

export function activeReplyCount(): number {
  return active.size;
}

/**
 * Resolves when every running reply has been saved and sent to its client, or after
 * `timeoutMs`, whichever is first.
 */
export async function waitForActiveReplies(timeoutMs: number): Promise<void> {
  const all = Promise.allSettled([...active.values()].flatMap((r) => [r.done, r.delivered]));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([all, timeout]);
  clearTimeout(timer);
}
