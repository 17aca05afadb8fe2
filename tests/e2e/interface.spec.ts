// What a person does in the interface beyond the checklist, and a screenshot of every screen.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { DESKTOP, expect, PHONE, test } from "./fixtures";
import { AuthPage } from "./pages/auth-page";
import { ProjectsPage } from "./pages/projects-page";
import { WorkspacePage } from "./pages/workspace-page";

const SCREENSHOTS = path.resolve("test-results/screenshots");

/** Saves a screenshot under the ignored test-results folder, for a person to look at. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

test.describe("the interface", () => {
  test("signs up and signs in through the forms, with clear errors", async ({ openPage }) => {
    const page = await openPage(null);
    const auth = new AuthPage(page);
    const email = `ui-${Date.now()}@example.com`;
    await auth.signUp("Ui Person", email, "a good password");
    await page.waitForURL("**/projects");
    await expect(page.getByText("No projects yet")).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await auth.signIn(email, "the wrong password");
    await expect(auth.error().filter({ hasText: "Wrong email or password." })).toBeVisible();
    await auth.signIn(email, "a good password");
    await page.waitForURL("**/projects");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await auth.signUp("Someone Else", email, "another password");
    await expect(
      auth.error().filter({ hasText: "An account with this email already exists." }),
    ).toBeVisible();
    // Signed out, a page that needs an account sends you to sign in.
    await page.goto("/projects");
    await page.waitForURL("**/sign-in");
  });

  test("shows the reply's text while it is still streaming", async ({ page, user }) => {
    const { project } = (await user.api("POST", "/api/projects", { name: "Streaming" })).body;
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await workspace.type("stream please");
    await page.keyboard.press("Enter");
    const reply = workspace.messages("assistant").last();
    await expect(reply.getByText("offline model")).toBeVisible();
    // Partial: the reply has started, the stop button is still there, the end has not come.
    await expect(page.getByTestId("stop")).toBeVisible();
    await expect(reply).not.toContainText("The README lists every option.");
    const partial = (await reply.textContent()) ?? "";
    await workspace.waitForReply();
    await expect(reply).toContainText("The README lists every option.");
    const full = (await reply.textContent()) ?? "";
    expect(full.length).toBeGreaterThan(partial.length);
  });

  test("stops a reply with the stop button and keeps what was written", async ({ page, user }) => {
    const { project } = (await user.api("POST", "/api/projects", { name: "Stop" })).body;
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await workspace.type("a reply I will stop");
    await page.keyboard.press("Enter");
    await expect(workspace.messages("assistant").last().getByText("offline model")).toBeVisible();
    await page.getByTestId("stop").click();
    await expect(page.getByTestId("send")).toBeVisible();
    await expect
      .poll(
        async () =>
          (await user.api("GET", `/api/chat-messages?chatSessionId=${workspace.sessionId()}`)).body
            .messages[1]?.status,
      )
      .toBe("partial");
    await page.reload();
    await expect(workspace.messages("assistant").last().getByText("Reply cut off")).toBeVisible();
  });

  test("renames a session inline, keeps the name, and Shift+Enter writes a new line", async ({
    page,
    user,
  }) => {
    const { project } = (await user.api("POST", "/api/projects", { name: "Rename" })).body;
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await workspace.type("line one");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("line two");
    await expect(page.getByTestId("composer-input")).toHaveValue("line one\nline two");
    await page.keyboard.press("Enter");
    await workspace.waitForReply();
    await expect(workspace.currentName()).toHaveText("line one");
    await workspace.renameSession(workspace.sessionId(), "Planning notes");
    await expect(workspace.currentName()).toHaveText("Planning notes");
    await page.reload();
    await expect(workspace.currentName()).toHaveText("Planning notes");
    expect(
      (await user.api("GET", `/api/chat-sessions/${workspace.sessionId()}`)).body.chatSession.name,
    ).toBe("Planning notes");
  });

  test("works on a phone: the chat takes the screen and the project is one tap away", async ({
    user,
    openPage,
  }) => {
    const { project } = (
      await user.api("POST", "/api/projects", { name: "Phone", description: "Small screen" })
    ).body;
    await user.api("PATCH", `/api/projects/${project.id}`, {
      files: { "notes.md": "# Notes\nhello" },
    });
    const page = await openPage(user, { viewport: PHONE });
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await expect(page.getByTestId("project-pane")).toBeHidden();
    await expect
      .poll(async () => (await page.getByTestId("chat-panel").boundingBox())?.width)
      .toBe(PHONE.width);
    await workspace.send("hello from a phone");
    await page.getByTestId("toggle-pane").click();
    await page.getByRole("button", { name: "notes.md" }).click();
    await expect(page.getByTestId("file-viewer")).toContainText("# Notes");
    await page.getByTestId("toggle-pane").click();
    await expect(workspace.messages("user").getByText("hello from a phone")).toBeVisible();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
      .toBe(0);
  });

  test("looks right on every screen at 1280 and 375 px (screenshots in test-results/screenshots)", async ({
    user,
    openPage,
  }) => {
    test.slow(); // eighteen screens, two of them waiting for a reply
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    for (const [label, viewport] of [
      ["1280", DESKTOP],
      ["375", PHONE],
    ] as const) {
      const guest = await openPage(null, { viewport });
      await guest.goto("/sign-in");
      await screenshot(guest, `sign-in-${label}`);
      await guest.goto("/sign-up");
      await screenshot(guest, `sign-up-${label}`);
      await guest.context().close();

      const page = await openPage(user, { viewport });
      const projects = new ProjectsPage(page);
      await projects.goto();
      await screenshot(page, `projects-${label}`);
      await projects.create(`Website ${label}`, "Landing page, pricing and docs");
      await screenshot(page, `projects-list-${label}`);
      await page.getByRole("button", { name: `Delete Website ${label}` }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await screenshot(page, `project-delete-dialog-${label}`);
      await page.keyboard.press("Escape");

      await projects
        .cards()
        .filter({ hasText: `Website ${label}` })
        .getByRole("link")
        .click();
      const workspace = new WorkspacePage(page);
      await page.waitForURL(/session=/);
      await expect(page.getByTestId("empty-chat")).toBeVisible();
      await screenshot(page, `chat-empty-${label}`);
      await workspace.send("Show me a TypeScript example with a code block");
      await screenshot(page, `chat-reply-${label}`);
      await workspace.openSwitcher();
      await screenshot(page, `chat-sessions-${label}`);
      await page.keyboard.press("Escape");
      await workspace.goto(new URL(page.url()).pathname.split("/")[2] ?? "", "missing-session");
      await expect(page.getByTestId("session-not-found")).toBeVisible();
      await screenshot(page, `chat-not-found-${label}`);
      await page.context().close();
    }
    const shots = fs.readdirSync(SCREENSHOTS);
    for (const screen of [
      "sign-in",
      "sign-up",
      "projects",
      "projects-list",
      "project-delete-dialog",
      "chat-empty",
      "chat-reply",
      "chat-sessions",
      "chat-not-found",
    ]) {
      for (const width of ["1280", "375"]) expect(shots).toContain(`${screen}-${width}.png`);
    }
  });
});
