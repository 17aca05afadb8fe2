import { expect, type Page } from "@playwright/test";

export class ProjectsPage {
  constructor(readonly page: Page) {}

  goto() {
    return this.page.goto("/projects");
  }

  cards() {
    return this.page.getByTestId("project-card");
  }

  /** "Shared with you": the chats other people shared with the user. */
  sharedSessions() {
    return this.page.getByTestId("shared-session");
  }

  async create(name: string, description = "") {
    await this.page
      .getByRole("button", { name: /New project|Create your first project/ })
      .first()
      .click();
    await this.page.getByLabel("Name").fill(name);
    if (description) await this.page.getByLabel("Description (optional)").fill(description);
    await this.page.getByRole("button", { name: "Create project" }).click();
    await expect(this.cards().filter({ hasText: name })).toBeVisible();
  }

  async delete(name: string) {
    await this.page.getByRole("button", { name: `Delete ${name}` }).click();
    await this.page.getByRole("button", { name: "Delete project" }).click();
    await expect(this.cards().filter({ hasText: name })).toHaveCount(0);
  }
}
