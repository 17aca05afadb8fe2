import { expect, type Page } from "@playwright/test";

/** A chat someone shared with the user: /shared/[sessionId]. */
export class SharedChatPage {
  constructor(readonly page: Page) {}

  goto(sessionId: string) {
    return this.page.goto(`/shared/${sessionId}`);
  }

  name() {
    return this.page.getByTestId("shared-session-name");
  }

  sharedBy() {
    return this.page.getByTestId("shared-by");
  }

  messages(role?: "user" | "assistant") {
    const all = this.page.getByTestId("message");
    return role ? all.and(this.page.locator(`[data-role=${role}]`)) : all;
  }

  composer() {
    return this.page.getByTestId("composer-input");
  }

  readOnlyNote() {
    return this.page.getByTestId("read-only-note");
  }

  accessLost() {
    return this.page
      .getByRole("alert")
      .filter({ hasText: "You no longer have access to this chat" });
  }

  /** Sends a question and waits for its reply to finish streaming. */
  async send(text: string) {
    const replies = await this.messages("assistant").count();
    await this.composer().fill(text);
    await this.composer().press("Enter");
    await expect(this.messages("assistant")).toHaveCount(replies + 1);
    await expect(this.page.getByTestId("send")).toBeVisible({ timeout: 30_000 });
  }
}
