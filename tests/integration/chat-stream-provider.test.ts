// /api/chat through the real OpenAI-compatible provider code, against a local streaming server.
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { signUp } from "../helpers/app";
import {
  chatBody,
  nextTurn,
  repliesSettled,
  sessionFor,
  sessionRows,
  settledReply,
} from "../helpers/chat";
import { fakeProviderForFile, PROVIDER_ERROR_TEXT } from "../helpers/fake-openai";
import { readChunks, streamedText } from "../helpers/ui-stream";

const fake = await fakeProviderForFile();

const startId = (chunks: { type: string; messageId?: unknown }[]) =>
  String(chunks.find((c) => c.type === "start")?.messageId);

describe("POST /api/chat (OpenAI-compatible provider)", () => {
  it("streams the model's words and stores exactly them, complete", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const chunks = await readChunks(
      await alice.stream("/api/chat", chatBody(chatSession.id, "Hi model")),
    );
    const text = streamedText(chunks);
    expect(text).toBe(fake.behaviour.words.join(" "));
    expect(await settledReply(startId(chunks))).toMatchObject({
      status: "complete",
      content: text,
    });

    const sent = fake.requests[0];
    expect(sent).toMatchObject({ model: "fake-model", stream: true });
    expect(sent?.messages[0]).toMatchObject({ role: "system" });
    expect(String(sent?.messages[0]?.content)).toContain("Project name: Chat project");
    expect(sent?.messages.at(-1)).toMatchObject({ role: "user", content: "Hi model" });
  });

  it("keeps generating and stores the whole reply when the client leaves after the first chunk", async () => {
    fake.behaviour.delayMs = 30;
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const res = await alice.stream("/api/chat", chatBody(chatSession.id, "I will close the tab"));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    await reader.cancel(); // the tab closes
    const messageId = /"messageId":"([^"]+)"/.exec(first)?.[1] ?? "";
    const reply = await settledReply(messageId);
    expect(reply).toMatchObject({ status: "complete", content: fake.behaviour.words.join(" ") });
  });

  it("keeps the question, stores the partial answer and sends an error part when the model fails", async () => {
    fake.behaviour.failAfterChunks = 3;
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const chunks = await readChunks(
      await alice.stream("/api/chat", chatBody(chatSession.id, "Fail please")),
    );
    expect(chunks.some((c) => c.type === "error")).toBe(true);
    const partial = fake.behaviour.words.slice(0, 3).join(" ");
    expect(streamedText(chunks)).toBe(partial);
    // The client can see the error before the server has written the final state.
    await settledReply(startId(chunks));
    const rows = await sessionRows(chatSession.id);
    expect(rows.map((r) => [r.role, r.status, r.content])).toEqual([
      ["user", "complete", "Fail please"],
      ["assistant", "partial", partial],
    ]);
  });

  it("stores an error reply when the model cannot be reached at all", async () => {
    fake.behaviour.failAfterChunks = 0;
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const chunks = await readChunks(
      await alice.stream("/api/chat", chatBody(chatSession.id, "Anyone?")),
    );
    expect(chunks.some((c) => c.type === "error")).toBe(true);
    expect(await settledReply(startId(chunks))).toMatchObject({ status: "error", content: "" });
  });

  it.each([
    [401, /refused the server's API key/],
    [403, /refused the server's API key/],
    [404, /does not offer the configured model/],
    [429, /limiting requests/],
    [503, /connection to the AI provider failed/],
    [400, /refused this request/],
  ])(
    "tells the user what a provider's %i means, never the provider's own text",
    async (status, says) => {
      fake.behaviour.failWithStatus = status;
      const alice = await signUp();
      const { chatSession } = await sessionFor(alice);
      const chunks = await readChunks(
        await alice.stream("/api/chat", chatBody(chatSession.id, `Status ${status}?`)),
      );
      const error = chunks.find((c) => c.type === "error") as { errorText?: string } | undefined;
      expect(error?.errorText).toMatch(says);
      expect(JSON.stringify(chunks)).not.toContain("sk-proj");
      expect(JSON.stringify(chunks)).not.toContain(PROVIDER_ERROR_TEXT);
    },
  );

  it("never calls the model for another user's session", async () => {
    const alice = await signUp();
    const mallory = await signUp();
    const { chatSession } = await sessionFor(alice);
    expect((await mallory.stream("/api/chat", chatBody(chatSession.id, "steal"))).status).toBe(404);
    expect(fake.requests).toEqual([]);
  });

  it("survives the session being deleted while its reply streams: no 500, no orphan, no rejection", async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    fake.behaviour.delayMs = 40;
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const firstWord = once(fake.events, "chunk");
    const res = await alice.stream("/api/chat", chatBody(chatSession.id, "Delete me mid-way"));
    expect(res.status).toBe(200);
    const reading = readChunks(res);
    await firstWord; // the reply is streaming
    expect((await alice.delete(`/api/chat-sessions/${chatSession.id}`)).status).toBe(200);
    await reading;
    await repliesSettled(); // the server-side writer has finished
    await nextTurn(); // and a rejection it left unhandled has been reported
    process.off("unhandledRejection", onRejection);
    expect(rejections).toEqual([]);
    expect(await sessionRows(chatSession.id)).toEqual([]);
  });

  it("lets the model title a session named after its first message, but never a user's name", async () => {
    fake.behaviour.words = ["Pricing", "page", "plan"];
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const chunks = await readChunks(
      await alice.stream("/api/chat", chatBody(chatSession.id, "how should the pricing page look")),
    );
    await settledReply(startId(chunks));
    await expect
      .poll(
        async () => (await alice.get(`/api/chat-sessions/${chatSession.id}`)).body.chatSession.name,
      )
      .toBe("Pricing page plan");

    const { chatSession: renamed } = await sessionFor(alice);
    await alice.patch(`/api/chat-sessions/${renamed.id}`, { name: "My own name" });
    const more = await readChunks(
      await alice.stream("/api/chat", chatBody(renamed.id, "another question")),
    );
    await settledReply(startId(more));
    await repliesSettled(); // a title, had one been asked for, would be applied by now
    expect((await alice.get(`/api/chat-sessions/${renamed.id}`)).body.chatSession.name).toBe(
      "My own name",
    );
  });

  it("asks the model for a title once, not after every reply", async () => {
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    const titleRequests = () =>
      fake.requests.filter((r) => String(r.messages.at(-1)?.content).startsWith("Write a title"))
        .length;
    for (const question of ["first question", "second question", "third question"]) {
      const chunks = await readChunks(
        await alice.stream("/api/chat", chatBody(chatSession.id, question)),
      );
      await settledReply(startId(chunks));
      await expect.poll(titleRequests).toBe(1);
    }
    await repliesSettled(); // every reply's follow-up is done: a late title request is in
    expect(titleRequests()).toBe(1);
    expect(fake.requests.filter((r) => r.stream)).toHaveLength(3);
  });
});
