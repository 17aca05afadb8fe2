import { expect, type Page } from "@playwright/test";

/** The "Import chats" dialog, opened from Settings or from a project's pane. */
export class ImportDialog {
  constructor(readonly page: Page) {}

  root() {
    return this.page.getByRole("dialog", { name: "Import chats" });
  }

  destination() {
    return this.root().getByLabel("Import into");
  }

  status() {
    return this.root().getByTestId("import-status");
  }

  /** Chooses the file (through its labelled input, as a keyboard user would) and imports it. */
  async importFile(path: string) {
    await expect(this.root()).toBeVisible();
    await this.root()
      .getByLabel(/Choose a file/)
      .setInputFiles(path);
    await this.root().getByRole("button", { name: "Import", exact: true }).click();
  }

  /** Waits for the import to end with `status` and returns its status line. */
  async ended(status: "done" | "failed") {
    await expect(this.status()).toHaveAttribute("data-status", status, { timeout: 30_000 });
    return this.status().getByTestId("import-status-text");
  }
}
