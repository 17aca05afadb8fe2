import "server-only";
import type { TextStreamPart, ToolSet } from "ai";
import type { Database } from "@/server/db";
import { STREAM_HEARTBEAT_MS } from "@/server/db/interrupted-replies";
import { retryWhileDatabaseDown } from "@/server/db/retry";
import { logger } from "@/server/logger";
import type { ChatMessageJson } from "@/server/queries/chat-messages";
import { finishReply, type ReplyKey, saveReplyProgress } from "@/server/queries/chat-replies";

const FLUSH_EVERY_MS = 1_000;
const log = logger.child({ area: "chat" });

export type ReplyOutcome = "complete" | "partial" | "error";

/**
 * Reads the model's stream to its end on the server, whoever else is reading it: the reply is
 * saved even when the browser has gone. Text so far is flushed every second (and the row
 * touched as a heartbeat), so a crash leaves a partial reply, not an empty one.
 */
export async function writeReply(
  db: Database,
  {
    reply,
    parts,
    onSaved,
  }: {
    reply: ReplyKey;
    parts: AsyncIterable<TextStreamPart<ToolSet>>;
    /** Told of every save (progress and final), to pass it on to the user's other tabs. */
    onSaved: (message: ChatMessageJson) => Promise<void>;
  },
): Promise<{ outcome: ReplyOutcome; text: string }> {
  let text = "";
  let failed = false;
  let aborted = false;
  let flushed = Date.now();
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushed = Date.now();
    const content = text;
    flushing = flushing
      .then(async () => {
        const saved = await saveReplyProgress(db, { ...reply, content });
        if (saved) await onSaved(saved);
      })
      .catch((error: unknown) => log.error({ err: error }, "could not save reply progress"));
  };
  const heartbeat = setInterval(() => {
    if (Date.now() - flushed >= STREAM_HEARTBEAT_MS) flush();
  }, STREAM_HEARTBEAT_MS);

  try {
    for await (const part of parts) {
      if (part.type === "text-delta") text += part.text;
      else if (part.type === "error") failed = true;
      else if (part.type === "abort") aborted = true;
      if (Date.now() - flushed >= FLUSH_EVERY_MS) flush();
    }
  } catch (error) {
    failed = true;
    log.error({ err: error }, "the model stream failed");
  } finally {
    clearInterval(heartbeat);
  }
  await flushing;
  const outcome: ReplyOutcome = failed
    ? text
      ? "partial"
      : "error"
    : aborted
      ? "partial"
      : "complete";
  // The text reached the user; a database restart must not leave a blank reply behind.
  const saved = await retryWhileDatabaseDown(
    () => finishReply(db, { ...reply, content: text, status: outcome }),
    { forMs: FINAL_SAVE_RETRY_MS, doing: "saving the reply" },
  );
  if (saved) await onSaved(saved);
  return { outcome, text };
}

/** How long the final save keeps trying while the database is unreachable (a restart). */
export const FINAL_SAVE_RETRY_MS = 60_000;
