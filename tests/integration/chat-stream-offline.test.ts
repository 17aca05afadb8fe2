// /api/chat with the built-in offline model: the default a fresh install runs with.
import { describe, expect, it } from "vitest";
import { signUp } from "../helpers/app";
import { chatBody, sessionFor, sessionRows, settledReply } from "../helpers/chat";
import { readChunks, streamedText } from "../helpers/ui-stream";

process.env.AI_PROVIDER = "offline";
// Paced so a stop request lands mid-reply (the reply is ~150 words: ~0.5 s).
process.env.AI_OFFLINE_CHUNK_DELAY_MS = "3";

describe("POST /api/chat (offline model)", () => {
  it("saves the question, streams a reply, and saves exactly what was streamed", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const res = await alice.stream(
      "/api/chat",
      chatBody(chatSession.id, "How do I add a pricing page?"),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const chunks = await readChunks(res);
    const start = chunks.find((c) => c.type === "start");
    const text = streamedText(chunks);
    expect(text).toContain("offline model");
    expect(text).toContain("> How do I add a pricing page?");
    expect(text).toContain("AI_PROVIDER=openai-compatible");
    expect(chunks.filter((c) => c.type === "text-delta").length).toBeGreaterThan(20);

    const reply = await settledReply(String(start?.messageId));
    expect(reply).toMatchObject({ role: "assistant", status: "complete", content: text });
    const rows = await sessionRows(chatSession.id);
    expect(rows.map((r) => [r.role, r.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(rows[1]?.parentId).toBe(rows[0]?.id);

    // The spec's API sees both, and the session took its name from the question.
    const session = (await alice.get(`/api/chat-sessions/${chatSession.id}`)).body.chatSession;
    expect(session.name).toBe("How do I add a pricing page?");
    expect(session.messages.map((m: { content: string }) => m.content)).toEqual([
      "How do I add a pricing page?",
      text,
    ]);
  });

  it("has the reply stored complete by the time its stream ends", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const chunks = await readChunks(
      await alice.stream("/api/chat", chatBody(chatSession.id, "read to the end")),
    );
    // No waiting: a reload, or the next question, right after the stream sees the whole text.
    const [, reply] = await sessionRows(chatSession.id);
    expect(reply).toMatchObject({ status: "complete", content: streamedText(chunks) });
  });

  it("gives the model the session's history and the project", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    await readChunks(await alice.stream("/api/chat", chatBody(chatSession.id, "first question")));
    const second = streamedText(
      await readChunks(await alice.stream("/api/chat", chatBody(chatSession.id, "second"))),
    );
    expect(second).toContain("project **Chat project**, 2 earlier messages");
  });

  it("stores a re-sent message once and never answers it twice", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const body = chatBody(chatSession.id, "Only once please");
    const first = await readChunks(await alice.stream("/api/chat", body));
    const again = await readChunks(await alice.stream("/api/chat", body));
    expect(again.find((c) => c.type === "start")?.messageId).toBe(
      first.find((c) => c.type === "start")?.messageId,
    );
    expect(streamedText(again)).toBe(streamedText(first));
    expect((await sessionRows(chatSession.id)).length).toBe(2);

    const both = await Promise.all(
      [1, 2, 3].map(() => alice.stream("/api/chat", chatBody(chatSession.id, "x", "same-id"))),
    );
    await Promise.all(both.map(readChunks));
    const rows = await sessionRows(chatSession.id);
    expect(rows.filter((r) => r.id === "same-id")).toHaveLength(1);
    expect(rows.filter((r) => r.parentId === "same-id")).toHaveLength(1);
  });

  it("answers again on a retry (regenerate) as a new version, keeping the first reply", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const body = chatBody(chatSession.id, "Try twice");
    const first = await readChunks(await alice.stream("/api/chat", body));
    const retry = await readChunks(
      await alice.stream("/api/chat", { ...body, trigger: "regenerate-message" }),
    );
    const firstId = first.find((c) => c.type === "start")?.messageId;
    const retryId = retry.find((c) => c.type === "start")?.messageId;
    expect(retryId).not.toBe(firstId);
    await settledReply(String(retryId));
    const rows = await sessionRows(chatSession.id);
    expect(rows.map((r) => [r.id, r.parentId])).toEqual([
      [body.message.id, null],
      [firstId, body.message.id],
      [retryId, body.message.id],
    ]);
    // The spec's list shows the active branch: the question and its newest reply.
    const listed = (await alice.get(`/api/chat-messages?chatSessionId=${chatSession.id}`)).body;
    expect(listed.messages.map((m: { id: string }) => m.id)).toEqual([body.message.id, retryId]);
    expect(listed.messages[1]).toMatchObject({
      siblingCount: 2,
      siblingIndex: 2,
      siblingIds: [firstId, retryId],
    });
    const lean = await alice.get(
      `/api/chat-sessions?projectId=${chatSession.projectId}&includeMessages=false&limit=5`,
    );
    expect(lean.body.chatSessions[0].messageCount).toBe(2);
  });

  it("refuses another user's session with 404 before saving anything", async () => {
    const alice = await signUp();
    const mallory = await signUp();
    const { chatSession } = await sessionFor(alice);
    const res = await mallory.stream("/api/chat", chatBody(chatSession.id, "let me in"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "not_found", message: "Chat session not found" },
    });
    expect(await sessionRows(chatSession.id)).toEqual([]);
  });

  it("refuses bad bodies with 400, anonymous callers with 401 and other origins with 403", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const bad = [
      { chatSessionId: chatSession.id },
      {
        chatSessionId: chatSession.id,
        message: { id: "a", role: "assistant", parts: [{ type: "text", text: "x" }] },
      },
      { chatSessionId: chatSession.id, message: { id: "a", role: "user", parts: [] } },
      {
        chatSessionId: chatSession.id,
        message: { id: "a b", role: "user", parts: [{ type: "text", text: "x" }] },
      },
      {
        chatSessionId: chatSession.id,
        message: { id: "a", role: "user", parts: [{ type: "text", text: "nul\u0000" }] },
      },
    ];
    for (const body of bad) expect((await alice.stream("/api/chat", body)).status).toBe(400);
    const foreign = await alice.stream("/api/chat", chatBody(chatSession.id, "hi"), {
      headers: { origin: "http://evil.example" },
    });
    expect(foreign.status).toBe(403);
    const { send } = await import("../helpers/app");
    expect(
      (await send("POST", "/api/chat", undefined, { body: chatBody(chatSession.id, "hi") })).status,
    ).toBe(401);
    expect(await sessionRows(chatSession.id)).toEqual([]);
  });

  it("stops a reply on request and keeps what was written so far as partial", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const res = await alice.stream("/api/chat", chatBody(chatSession.id, "a long answer please"));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes('"text-delta"')) seen += decoder.decode((await reader.read()).value);
    const messageId = /"messageId":"([^"]+)"/.exec(seen)?.[1] ?? "";
    const stop = await alice.post("/api/chat/stop", { messageId });
    expect(stop.body).toEqual({ stopped: true });
    await reader.cancel();
    const reply = await settledReply(messageId);
    expect(reply?.status).toBe("partial");
    expect(reply?.content.length).toBeGreaterThan(0);
    expect(reply?.content).not.toContain("The README lists every option.");
    const bob = await signUp();
    expect((await bob.post("/api/chat/stop", { messageId })).body).toEqual({ stopped: false });
  });
});
