// What a person does in the interface beyond the checklist, and a screenshot of every screen.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createUser, DESKTOP, PHONE, screenshot, setUpBrowser } from "./browser";
import { AuthPage } from "./pages/auth-page";
import { ProjectsPage } from "./pages/projects-page";
import { WorkspacePage } from "./pages/workspace-page";

const chromium = setUpBrowser();

describe("the interface", () => {
  it("signs up and signs in through the forms, with clear errors", async () => {
    const context = await chromium.guest();
    const page = await context.newPage();
    const auth = new AuthPage(page);
    const email = `ui-${Date.now()}@example.com`;
    await auth.signUp("Ui Person", email, "a good password");
    await page.waitForURL("**/projects");
    await page.getByText("No projects yet").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await auth.signIn(email, "the wrong password");
    await auth.error().filter({ hasText: "Wrong email or password." }).waitFor();
    await auth.signIn(email, "a good password");
    await page.waitForURL("**/projects");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await auth.signUp("Someone Else", email, "another password");
    await auth.error().filter({ hasText: "An account with this email already exists." }).waitFor();
    // Signed out, a page that needs an account sends you to sign in.
    await page.goto("/projects");
    await page.waitForURL("**/sign-in");
  });

  it("shows the reply's text while it is still streaming", async () => {
    const user = await createUser();
    const { project } = (await user.api("POST", "/api/projects", { name: "Streaming" })).body;
    const context = await chromium.signedIn(user);
    const page = await context.newPage();
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await workspace.type("stream please");
    await page.keyboard.press("Enter");
    const reply = workspace.messages("assistant").last();
    await reply.getByText("offline model").waitFor();
    // Partial: the reply has started, the stop button is still there, the end has not come.
    expect(await page.getByTestId("stop").isVisible()).toBe(true);
    const partial = (await reply.textContent()) ?? "";
    expect(partial).not.toContain("The README lists every option.");
    await workspace.waitForReply();
    const full = (await reply.textContent()) ?? "";
    expect(full).toContain("The README lists every option.");
    expect(full.length).toBeGreaterThan(partial.length);
  });

  it("stops a reply with the stop button and keeps what was written", async () => {
    const user = await createUser();
    const { project } = (await user.api("POST", "/api/projects", { name: "Stop" })).body;
    const context = await chromium.signedIn(user);
    const page = await context.newPage();
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await workspace.type("a reply I will stop");
    await page.keyboard.press("Enter");
    await workspace.messages("assistant").last().getByText("offline model").waitFor();
    await page.getByTestId("stop").click();
    await page.getByTestId("send").waitFor();
    await expect
      .poll(
        async () =>
          (await user.api("GET", `/api/chat-messages?chatSessionId=${workspace.sessionId()}`)).body
            .messages[1]?.status,
      )
      .toBe("partial");
    await page.reload();
    await workspace.messages("assistant").last().getByText("Reply cut off").waitFor();
  });

  it("renames a session inline, keeps the name, and Shift+Enter writes a new line", async () => {
    const user = await createUser();
    const { project } = (await user.api("POST", "/api/projects", { name: "Rename" })).body;
    const context = await chromium.signedIn(user);
    const page = await context.newPage();
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await workspace.type("line one");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("line two");
    expect(await page.getByTestId("composer-input").inputValue()).toBe("line one\nline two");
    await page.keyboard.press("Enter");
    await workspace.waitForReply();
    await expect.poll(() => workspace.currentName().textContent()).toBe("line one");
    await workspace.renameSession(workspace.sessionId(), "Planning notes");
    await expect.poll(() => workspace.currentName().textContent()).toBe("Planning notes");
    await page.reload();
    await expect.poll(() => workspace.currentName().textContent()).toBe("Planning notes");
    expect(
      (await user.api("GET", `/api/chat-sessions/${workspace.sessionId()}`)).body.chatSession.name,
    ).toBe("Planning notes");
  });

  it("works on a phone: the chat takes the screen and the project is one tap away", async () => {
    const user = await createUser();
    const { project } = (
      await user.api("POST", "/api/projects", { name: "Phone", description: "Small screen" })
    ).body;
    await user.api("PATCH", `/api/projects/${project.id}`, {
      files: { "notes.md": "# Notes\nhello" },
    });
    const context = await chromium.signedIn(user, PHONE);
    const page = await context.newPage();
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    expect(await page.getByTestId("project-pane").isVisible()).toBe(false);
    const chatBox = await page.getByTestId("chat-panel").boundingBox();
    expect(chatBox?.width).toBe(PHONE.width);
    await workspace.send("hello from a phone");
    await page.getByTestId("toggle-pane").click();
    await page.getByRole("button", { name: "notes.md" }).click();
    expect(await page.getByTestId("file-viewer").textContent()).toContain("# Notes");
    await page.getByTestId("toggle-pane").click();
    expect(await workspace.messages("user").getByText("hello from a phone").isVisible()).toBe(true);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBe(0);
  });

  it("looks right on every screen at 1280 and 375 px (screenshots in test-results/screenshots)", async () => {
    const user = await createUser();
    for (const [label, viewport] of [
      ["1280", DESKTOP],
      ["375", PHONE],
    ] as const) {
      const anonymous = await chromium.guest(viewport);
      const guest = await anonymous.newPage();
      await guest.goto("/sign-in");
      await screenshot(guest, `sign-in-${label}`);
      await guest.goto("/sign-up");
      await screenshot(guest, `sign-up-${label}`);
      await anonymous.close();

      const context = await chromium.signedIn(user, viewport);
      const page = await context.newPage();
      const projects = new ProjectsPage(page);
      await projects.goto();
      await screenshot(page, `projects-${label}`);
      await projects.create(`Website ${label}`, "Landing page, pricing and docs");
      await screenshot(page, `projects-list-${label}`);
      await page.getByRole("button", { name: `Delete Website ${label}` }).click();
      await screenshot(page, `project-delete-dialog-${label}`);
      await page.keyboard.press("Escape");

      await projects
        .cards()
        .filter({ hasText: `Website ${label}` })
        .getByRole("link")
        .click();
      const workspace = new WorkspacePage(page);
      await page.waitForURL(/session=/);
      await page.getByTestId("empty-chat").waitFor();
      await screenshot(page, `chat-empty-${label}`);
      await workspace.send("Show me a TypeScript example with a code block");
      await screenshot(page, `chat-reply-${label}`);
      await workspace.openSwitcher();
      await screenshot(page, `chat-sessions-${label}`);
      await page.keyboard.press("Escape");
      await workspace.goto(new URL(page.url()).pathname.split("/")[2] ?? "", "missing-session");
      await page.getByTestId("session-not-found").waitFor();
      await screenshot(page, `chat-not-found-${label}`);
      await context.close();
    }
    const shots = fs.readdirSync(path.resolve("test-results/screenshots"));
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
