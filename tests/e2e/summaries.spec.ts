// Summaries: a chat with a few turns gets one by itself, previewed in the list (whole on hover
// and on keyboard focus, and as the row's description), read in "About this chat", and made
// again on request, from the row's menu and from the panel. The offline model's summaries are
// extractive: the same messages always give the same words.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { WorkspacePage } from "./pages/workspace-page";

const FIRST = "How do I paginate a list with a cursor?";
const OPENED = `Opened with: “${FIRST}”`;

/**
 * Records every text `element` shows from now on: a state that lasts a moment (Summarizing…,
 * while the offline model takes milliseconds) is seen even if no poll falls on it.
 */
async function recordTexts(element: Locator): Promise<() => Promise<string[]>> {
  await element.evaluate((el) => {
    const seen: string[] = [];
    Object.assign(window, { recordedTexts: seen });
    new MutationObserver(() => seen.push(el.textContent ?? "")).observe(el, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  return () =>
    element.page().evaluate(() => (window as unknown as { recordedTexts: string[] }).recordedTexts);
}

function summaryAnswer(page: Page, sessionId: string) {
  return page.waitForResponse(
    (response) =>
      response.request().method() === "POST" &&
      new URL(response.url()).pathname === `/api/chat-sessions/${sessionId}/summary`,
  );
}

test("summarizes a chat by itself, shows it in the list and in About this chat, and again on request", async ({
  page,
  user,
}) => {
  const { project } = (await user.api("POST", "/api/projects", { name: "Summaries" })).body;
  const { chatSession } = (
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Pagination" })
  ).body;
  const workspace = new WorkspacePage(page);
  await workspace.goto(project.id, chatSession.id);

  // Two turns, four messages: the first summary, made in the background after the reply.
  await workspace.send(FIRST);
  await workspace.send("What should the cursor encode?");
  await workspace.openSwitcher();
  const row = workspace.sessionRow(chatSession.id);
  const item = row.locator("[data-session-item]");
  const preview = row.getByTestId("session-summary-preview");
  await expect(preview).toContainText("4 messages: ");
  // A screen reader hears the name as the row's name and the whole summary as its description.
  await expect(item).toHaveAccessibleName(/^Pagination/);
  await expect(item).toHaveAccessibleDescription(
    /^Opened with “How do I paginate.*The latest question: “What should the cursor encode\?” 4 messages: .* Key points: Opened with: “How do I paginate/,
  );

  // On hover, the whole summary and its key points beside the row; Escape puts it away.
  await item.hover();
  const card = page.getByTestId("session-summary-card");
  await expect(card.getByTestId("summary-text")).toContainText(
    "The latest question: “What should the cursor encode?”",
  );
  await expect(card.getByRole("listitem").first()).toHaveText(OPENED);
  await expect(card.getByTestId("summary-coverage")).toContainText("Covers 4 of 4 messages");
  await page.keyboard.press("Escape");
  await expect(card).toBeHidden();
  await expect(page.getByTestId("session-list")).toBeVisible();
  await page.mouse.move(0, 0);
  await page.keyboard.press("Escape");

  // From the keyboard: the list opens on this chat, whose summary shows as it takes the focus.
  await page.getByTestId("session-switcher").focus();
  await page.keyboard.press("Enter");
  await expect(item).toBeFocused();
  await expect(card.getByTestId("summary-text")).toContainText("4 messages: ");
  await page.keyboard.press("Escape"); // the summary
  await page.keyboard.press("Escape"); // the list
  await expect(page.getByTestId("session-list")).toBeHidden();

  // A third turn: six messages, not enough for a new summary by itself (every 10), so the
  // row's menu asks for one.
  await workspace.send("Can it go backwards too?");
  await workspace.openSwitcher();
  await expect(preview).toContainText("4 messages: ");
  await row.hover();
  await row.getByRole("button", { name: "More for Pagination" }).click();
  const fromMenu = summaryAnswer(page, chatSession.id);
  await page.getByRole("menuitem", { name: "Summarize now" }).click();
  expect((await fromMenu).status()).toBe(202);
  await expect(preview).toContainText("6 messages: ");
  await page.mouse.move(0, 0);
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("session-list")).toBeHidden();

  // A fourth turn, and About this chat: the summary, its key points, what it covers.
  await workspace.send("And how do I show the total?");
  const panel = await workspace.openAbout();
  await expect(panel.getByTestId("summary-text")).toContainText("6 messages: ");
  await expect(
    panel.getByRole("list", { name: "Key points" }).getByRole("listitem").first(),
  ).toHaveText(OPENED);
  await expect(panel.getByTestId("summary-coverage")).toContainText("Covers 6 of 8 messages");
  await expect(panel.getByTestId("summary-coverage")).toContainText("updated just now");

  // Summarize now: Summarizing… at once (the 202 says "running"), then the new summary.
  const statuses = await recordTexts(panel.getByTestId("summary-status"));
  const answer = summaryAnswer(page, chatSession.id);
  await panel.getByRole("button", { name: "Summarize now" }).click();
  const response = await answer;
  expect(response.status()).toBe(202);
  expect((await response.json()).chatSession.summaryStatus).toBe("running");
  await expect(panel.getByTestId("summary-coverage")).toContainText("Covers 8 of 8 messages");
  await expect(panel.getByTestId("summary-text")).toContainText("8 messages: 4 questions,");
  await expect(panel.getByTestId("summary-text")).toContainText(
    "The latest question: “And how do I show the total?”",
  );
  await expect(panel.getByTestId("summary-status")).toHaveText("");
  await expect(panel.getByRole("button", { name: "Summarize now" })).not.toHaveAttribute(
    "aria-disabled",
    "true",
  );
  expect(await statuses()).toContain("Summarizing…");

  // Keyboard: Escape closes the panel onto its button; Enter opens it, Tab reaches the button.
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(page.getByTestId("about-chat")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(panel).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(panel.getByRole("button", { name: "Summarize now" })).toBeFocused();
  await page.keyboard.press("Escape");

  // The server keeps it: after a reload, the same.
  await page.reload();
  await workspace.openSwitcher();
  await expect(preview).toContainText("8 messages: ");
});

test("says a new chat has no summary yet, and why Summarize now cannot make one", async ({
  page,
  user,
}) => {
  const { project } = (await user.api("POST", "/api/projects", { name: "Empty" })).body;
  const { chatSession } = (
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Blank" })
  ).body;
  const workspace = new WorkspacePage(page);
  await workspace.goto(project.id, chatSession.id);
  const panel = await workspace.openAbout();
  await expect(panel.getByTestId("summary-empty")).toContainText("No summary yet.");
  await panel.getByRole("button", { name: "Summarize now" }).click();
  await expect(panel.getByRole("alert")).toHaveText("The session has no messages to summarize");
  // An empty chat's row offers no Summarize now.
  await page.keyboard.press("Escape");
  await workspace.openSwitcher();
  const row = workspace.sessionRow(chatSession.id);
  await row.hover();
  await row.getByRole("button", { name: "More for Blank" }).click();
  await expect(page.getByRole("menuitem", { name: "Rename" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Summarize now" })).toHaveCount(0);
});
