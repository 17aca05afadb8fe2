import { expect, type Page } from "@playwright/test";

/** The coding interface: project pane and chat panel. */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  async goto(projectId: string, sessionId?: string) {
    await this.page.goto(`/projects/${projectId}${sessionId ? `?session=${sessionId}` : ""}`);
    if (!sessionId) await this.page.waitForURL(/[?&]session=/);
  }

  sessionId(): string {
    return new URL(this.page.url()).searchParams.get("session") ?? "";
  }

  currentName() {
    return this.page.getByTestId("current-session-name");
  }

  messages(role?: "user" | "assistant") {
    const all = this.page.getByTestId("message");
    return role ? all.and(this.page.locator(`[data-role=${role}]`)) : all;
  }

  /** Sends a message and waits for its reply to appear and finish streaming. */
  async send(text: string) {
    const replies = await this.messages("assistant").count();
    await this.type(text);
    await this.page.keyboard.press("Enter");
    await expect(this.messages("assistant")).toHaveCount(replies + 1);
    await this.waitForReply();
  }

  async type(text: string) {
    const input = this.page.getByTestId("composer-input");
    await input.fill(text);
    await input.focus();
  }

  /** The reply is there and has finished streaming: the send button is back. */
  async waitForReply() {
    await expect(this.messages("assistant").last()).toBeVisible();
    await expect(this.page.getByTestId("send")).toBeVisible({ timeout: 30_000 });
  }

  async openSwitcher() {
    await this.page.getByTestId("session-switcher").click();
    await expect(this.page.getByTestId("session-list")).toBeVisible();
  }

  sessionItems() {
    return this.page.getByTestId("session-item");
  }

  /** A session's row in the open switcher. */
  sessionRow(id: string) {
    return this.page.locator(`[data-session-id="${id}"]`);
  }

  /** Opens the chat header's "About this chat" and returns its panel. */
  async openAbout() {
    await this.page.getByTestId("about-chat").click();
    const panel = this.aboutPanel();
    await expect(panel).toBeVisible();
    return panel;
  }

  aboutPanel() {
    return this.page.getByRole("dialog", { name: "About this chat" });
  }

  /** Opens a session from the switcher and waits for its URL. */
  async selectSession(id: string) {
    await this.openSwitcher();
    await this.page.locator(`[data-session-id="${id}"] [data-session-item]`).click();
    await this.page.waitForURL(new RegExp(`session=${id}`));
    await expect(this.page.getByTestId("chat-panel").locator("[aria-busy=true]")).toHaveCount(0);
  }

  async newChat() {
    const before = this.sessionId();
    await this.page.getByTestId("new-chat").click();
    await this.page.waitForURL((url) => url.searchParams.get("session") !== before);
    await expect(this.page.getByTestId("empty-chat")).toBeVisible();
    return this.sessionId();
  }

  async renameSession(id: string, name: string) {
    await this.openSwitcher();
    const item = this.page.locator(`[data-session-id="${id}"]`);
    await item.hover();
    await item.getByRole("button", { name: /^More for/ }).click();
    await this.page.getByRole("menuitem", { name: "Rename" }).click();
    await item.getByLabel("Chat name").fill(name);
    await this.page.keyboard.press("Enter");
    await expect(item.getByTestId("session-name")).toHaveText(name);
    await this.page.keyboard.press("Escape");
  }

  async deleteSession(id: string) {
    await this.openSwitcher();
    const item = this.page.locator(`[data-session-id="${id}"]`);
    await item.hover();
    await item.getByRole("button", { name: /^More for/ }).click();
    await this.page.getByRole("menuitem", { name: "Delete" }).click();
    await this.page.getByTestId("confirm-delete-session").click();
  }
}
