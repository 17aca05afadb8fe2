// The message list's scrolling: it follows new text while the reader is at the bottom, leaves
// them where they are once they scroll up (with a button back down), and loading older messages
// does not move the message they are reading.
import type { Locator, Page } from "@playwright/test";
import { expect, type TestUser, test } from "./fixtures";
import { WorkspacePage } from "./pages/workspace-page";

/** A project with one session holding `count` messages, alternating user and assistant. */
async function seededChat(user: TestUser, count: number) {
  const { project } = (await user.api("POST", "/api/projects", { name: "Long chat" })).body;
  const { chatSession } = (
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Long chat" })
  ).body;
  for (let i = 0; i < count; i++) {
    await user.api("POST", "/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: i % 2 === 0 ? "user" : "assistant",
      content: `Message ${i}\n\n${"Some words to fill the line. ".repeat(8)}`,
    });
  }
  return { projectId: project.id as string, sessionId: chatSession.id as string };
}

const scroller = (page: Page) => page.getByTestId("message-scroller");
const distanceFromBottom = (list: Locator) =>
  list.evaluate((node) => node.scrollHeight - node.scrollTop - node.clientHeight);

test.describe("the message list's scrolling", () => {
  test("follows a reply at the bottom, stays put once the reader scrolls up", async ({
    page,
    user,
  }) => {
    const { projectId, sessionId } = await seededChat(user, 16);
    const workspace = new WorkspacePage(page);
    await workspace.goto(projectId, sessionId);
    const list = scroller(page);
    await expect(workspace.messages().last()).toBeInViewport();

    await workspace.send("Follow this reply down, please.");
    await expect(workspace.messages("assistant").last()).toContainText(
      "The README lists every option.",
    );
    await expect.poll(() => distanceFromBottom(list)).toBeLessThan(2);
    const jump = page.getByRole("button", { name: "Scroll to the latest message" });
    await expect(jump).toBeHidden();

    // The reader scrolls up: a message arriving meanwhile (from another tab) does not move them.
    await list.hover();
    await page.mouse.wheel(0, -1500);
    await expect(jump).toBeVisible();
    const readingAt = await list.evaluate((node) => node.scrollTop);
    await user.api("POST", "/api/chat-messages", {
      chatSessionId: sessionId,
      role: "user",
      content: "Written in another tab",
    });
    await expect(workspace.messages().last()).toContainText("Written in another tab");
    expect(await list.evaluate((node) => node.scrollTop)).toBe(readingAt);

    await jump.click();
    await expect.poll(() => distanceFromBottom(list)).toBeLessThan(2);
    await expect(jump).toBeHidden();
    await expect(workspace.messages().last()).toBeInViewport();
  });

  test("loads older messages at the top without moving the one being read", async ({
    page,
    user,
  }) => {
    const { projectId, sessionId } = await seededChat(user, 120);
    // The older page waits until the position before it is known.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/api\/chat-messages\?.*before=/, async (route) => {
      await held;
      await route.continue();
    });
    const workspace = new WorkspacePage(page);
    await workspace.goto(projectId, sessionId);
    const shown = await workspace.messages().count();
    const oldest = workspace.messages().first();
    const oldestId = await oldest.getAttribute("data-message-id");

    await scroller(page).hover();
    await page.mouse.wheel(0, -100_000);
    await expect(page.getByLabel("Loading older messages")).toBeVisible();
    const before = await oldest.boundingBox();
    release();
    await expect(workspace.messages()).toHaveCount(shown + 50);
    const same = page.locator(`[data-message-id="${oldestId}"]`);
    const moved = async () => Math.abs(((await same.boundingBox())?.y ?? 1e6) - (before?.y ?? 0));
    await expect.poll(moved).toBeLessThan(2);
  });
});
