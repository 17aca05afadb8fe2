import type { Page, Response } from "@playwright/test";

/** The public page of a read-only link, /s/<token>. */
export class SharedSessionPage {
  readonly messages;
  readonly byline;

  constructor(private readonly page: Page) {
    this.messages = page.getByRole("list", { name: "Messages" }).getByTestId("message");
    this.byline = page.getByTestId("shared-byline");
  }

  /** Opens the link's page; the answer, for its status and headers. */
  async goto(url: string): Promise<Response | null> {
    return this.page.goto(new URL(url).pathname);
  }

  message(role: "user" | "assistant") {
    return this.page.locator(`[data-testid="message"][data-role="${role}"]`);
  }
}
