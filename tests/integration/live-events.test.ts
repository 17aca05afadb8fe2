// GET /api/events: a user's other tabs hear of every change within a second.
import { afterEach, describe, expect, it } from "vitest";
import { client, signUp } from "../helpers/app";
import { chatBody, sessionFor } from "../helpers/chat";
import { type EventFeed, openEvents } from "../helpers/live";
import { readChunks } from "../helpers/ui-stream";

process.env.AI_OFFLINE_CHUNK_DELAY_MS = "0";

const feeds: EventFeed[] = [];
afterEach(() => {
  for (const feed of feeds.splice(0)) feed.close();
});
async function listen(cookie: string | undefined) {
  const feed = await openEvents(cookie);
  feeds.push(feed);
  return feed;
}

describe("live events", () => {
  it("tells the user's other tabs of a new message and of the session it moved", async () => {
    const alice = await signUp();
    const { project, chatSession } = await sessionFor(alice);
    const otherTab = await listen(alice.cookie);
    const posted = await alice.post("/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: "user",
      content: "from tab one",
    });
    const event = await otherTab.next((e) => e.type === "message");
    expect(event).toEqual({ type: "message", projectId: project.id, message: posted.body.message });
    const moved = await otherTab.next((e) => e.type === "session");
    expect(moved.chatSession).toMatchObject({
      id: chatSession.id,
      name: "from tab one",
      messageCount: 1,
    });
  });

  it("passes on renames, new and deleted sessions, and a reply as it streams", async () => {
    const alice = await signUp();
    const { project, chatSession } = await sessionFor(alice);
    const otherTab = await listen(alice.cookie);
    await alice.patch(`/api/chat-sessions/${chatSession.id}`, { name: "Renamed elsewhere" });
    expect((await otherTab.next((e) => e.type === "session")).chatSession.name).toBe(
      "Renamed elsewhere",
    );

    const created = (await alice.post("/api/chat-sessions", { projectId: project.id })).body
      .chatSession;
    await otherTab.next((e) => e.type === "session" && e.chatSession.id === created.id);
    await alice.delete(`/api/chat-sessions/${created.id}`);
    await otherTab.next((e) => e.type === "session-deleted" && e.chatSessionId === created.id);

    const chunks = await readChunks(
      await alice.stream("/api/chat", chatBody(chatSession.id, "reply please")),
    );
    const replyId = chunks.find((c) => c.type === "start")?.messageId;
    const final = await otherTab.next(
      (e) => e.type === "message" && e.message.id === replyId && e.message.status === "complete",
    );
    expect(final.message.content).toContain("offline model");
  });

  it("tells nobody else, and refuses anonymous listeners", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { chatSession } = await sessionFor(alice);
    const bobsTab = await listen(bob.cookie);
    await alice.post("/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: "user",
      content: "private",
    });
    await expect(bobsTab.next(() => true, 500)).rejects.toThrow(/no matching event/);
    await expect(openEvents(client().cookie)).rejects.toThrow("events: 401");
  });
});
