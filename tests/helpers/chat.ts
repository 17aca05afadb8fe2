import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { activeReplyCount, waitForActiveReplies } from "@/server/ai/active-replies";
import { getDatabase } from "@/server/db";
import { chatMessages } from "@/server/db/schema";
import { summaryRunsSettled } from "@/server/summaries/summarize-session";
import type { Client } from "./app";
import { readChunks } from "./ui-stream";

export const newId = (prefix = "m") => `${prefix}-${randomBytes(8).toString("hex")}`;

/** A project with one session, owned by the client's user. */
export async function sessionFor(user: Client) {
  const project = (
    await user.post("/api/projects", { name: "Chat project", description: "For tests" })
  ).body.project;
  const chatSession = (await user.post("/api/chat-sessions", { projectId: project.id })).body
    .chatSession;
  return { project, chatSession };
}

/** The body useChat's transport sends: the one new user message. */
export function chatBody(chatSessionId: string, text: string, id = newId()) {
  return { chatSessionId, message: { id, role: "user", parts: [{ type: "text", text }] } };
}

/** Waits until a reply is no longer streaming and returns its row. */
export async function settledReply(id: string, timeoutMs = 10_000) {
  const { db } = await getDatabase();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.select().from(chatMessages).where(eq(chatMessages.id, id));
    if (row?.status !== "streaming") return row ?? null;
    if (Date.now() > deadline) throw new Error(`reply ${id} still streaming after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Waits until every reply this process started is saved and delivered and its follow-up done
 * (a model's session title): what a stopping server waits for. Throws if one still runs.
 */
export async function repliesSettled(timeoutMs = 10_000) {
  await waitForActiveReplies(timeoutMs);
  const running = activeReplyCount();
  if (running > 0) throw new Error(`${running} replies still running after ${timeoutMs} ms`);
}

/** One turn of the event loop: a promise rejected without a handler is reported by then. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** All rows of a session, in order. */
export async function sessionRows(chatSessionId: string) {
  const { db } = await getDatabase();
  return db
    .select()
    .from(chatMessages)
    .where(eq(chatMessages.chatSessionId, chatSessionId))
    .orderBy(chatMessages.seq);
}

/** Asks through POST /api/chat and waits until the reply, and any summary run, have settled. */
export async function askAndSettle(user: Client, body: Record<string, unknown>) {
  const res = await user.stream("/api/chat", body);
  expect(res.status).toBe(200);
  const chunks = await readChunks(res);
  await settledReply(String(chunks.find((c) => c.type === "start")?.messageId));
  await repliesSettled();
  await summaryRunsSettled();
}
