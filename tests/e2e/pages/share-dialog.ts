import { expect, type Page } from "@playwright/test";

/** The "Share…" dialog of a session, opened from its menu or the chat header. */
export class ShareDialog {
  constructor(readonly page: Page) {}

  root() {
    return this.page.getByRole("dialog", { name: /^Share "/ });
  }

  /** Opens it for the chat shown, from the chat header's Share button. */
  async openFromHeader() {
    await this.page.getByRole("button", { name: "Share this chat" }).click();
    await expect(this.root()).toBeVisible();
    await expect(this.people()).toBeVisible();
  }

  /** Opens it from the session's menu in the switcher. */
  async openFromMenu(sessionId: string) {
    await this.page.getByTestId("session-switcher").click();
    const row = this.page.locator(`[data-session-id="${sessionId}"]`);
    await row.hover();
    await row.getByRole("button", { name: /^More for/ }).click();
    await this.page.getByRole("menuitem", { name: "Share…" }).click();
    await expect(this.root()).toBeVisible();
    await expect(this.people()).toBeVisible();
  }

  people() {
    return this.root().getByRole("list", { name: "People with access" });
  }

  person(email: string) {
    return this.root().locator(`[data-testid=share-person][data-email="${email}"]`);
  }

  async invite(email: string, role: "viewer" | "collaborator") {
    const dialog = this.root();
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Role", { exact: true }).selectOption(role);
    await dialog.getByRole("button", { name: "Invite" }).click();
  }

  error() {
    return this.root().getByRole("alert");
  }

  async remove(name: string) {
    await this.root()
      .getByRole("button", { name: `Remove ${name}` })
      .click();
  }

  async close() {
    await this.page.keyboard.press("Escape");
    await expect(this.root()).toHaveCount(0);
  }
}
