// GET /api/events: a user's other tabs hear of every change within a second.
import { afterEach, describe, expect, it } from "vitest";
import { client, signUp } from "../helpers/app";
import { chatBody, sessionFor } from "../helpers/chat";
import { type EventFeed, openEvents } from "../helpers/live";
import { readChunks } from "../helpers/ui-stream";

process.env.AI_OFFLINE_CHUNK_DELAY_MS = "0";
const CAP = 3;
process.env.LIVE_CONNECTIONS_PER_USER = String(CAP);

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
    // Events carry the message without its versions (a reply's progress saves do not read them).
    const { siblingCount, siblingIndex, siblingIds, ...message } = posted.body.message;
    expect({ siblingCount, siblingIndex, siblingIds }).toEqual({
      siblingCount: 1,
      siblingIndex: 1,
      siblingIds: [message.id],
    });
    expect(event).toEqual({ type: "message", projectId: project.id, message });
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

  it(`holds ${CAP} streams per user: a newer one closes the oldest, which is told why`, async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { chatSession } = await sessionFor(alice);
    const bobsTab = await listen(bob.cookie);
    const tabs: EventFeed[] = [];
    for (let n = 0; n < CAP + 2; n++) tabs.push(await listen(alice.cookie));

    // The two oldest were superseded and ended; the rest are open and hear the next change.
    for (const old of tabs.slice(0, 2)) {
      await old.next((e) => e.type === "superseded");
      await old.ended;
    }
    await alice.post("/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: "user",
      content: "still live",
    });
    for (const tab of tabs.slice(2)) await tab.next((e) => e.type === "message");
    await expect(tabs[0]?.next((e) => e.type === "message", 300)).rejects.toThrow(/no matching/);

    // Another user's streams are theirs: Alice's many tabs did not touch Bob's.
    await expect(bobsTab.next((e) => e.type === "superseded", 300)).rejects.toThrow(/no matching/);
  });

  it("frees a place when a stream closes: the next one closes nothing", async () => {
    const alice = await signUp();
    const tabs: EventFeed[] = [];
    for (let n = 0; n < CAP; n++) tabs.push(await listen(alice.cookie));
    tabs[1]?.close();
    await tabs[1]?.ended;
    await listen(alice.cookie);
    await expect(tabs[0]?.next((e) => e.type === "superseded", 300)).rejects.toThrow(/no matching/);
  });
});
