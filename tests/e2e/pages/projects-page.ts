import type { Page } from "playwright-core";

export class ProjectsPage {
  constructor(readonly page: Page) {}

  goto() {
    return this.page.goto("/projects");
  }

  cards() {
    return this.page.getByTestId("project-card");
  }

  async create(name: string, description = "") {
    await this.page
      .getByRole("button", { name: /New project|Create your first project/ })
      .first()
      .click();
    await this.page.getByLabel("Name").fill(name);
    if (description) await this.page.getByLabel("Description (optional)").fill(description);
    await this.page.getByRole("button", { name: "Create project" }).click();
    await this.cards().filter({ hasText: name }).waitFor();
  }

  async delete(name: string) {
    await this.page.getByRole("button", { name: `Delete ${name}` }).click();
    await this.page.getByRole("button", { name: "Delete project" }).click();
    await this.cards().filter({ hasText: name }).waitFor({ state: "detached" });
  }
}
