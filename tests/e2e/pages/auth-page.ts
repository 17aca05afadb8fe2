import type { Page } from "@playwright/test";

export class AuthPage {
  constructor(readonly page: Page) {}

  async signUp(name: string, email: string, password: string) {
    await this.page.goto("/sign-up");
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  async signIn(email: string, password: string) {
    await this.page.goto("/sign-in");
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  /** The form's own error (Next's route announcer is an alert too, so match the form's). */
  error() {
    return this.page.locator("form [role=alert]");
  }
}
