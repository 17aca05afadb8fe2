// What keyboard, screen-reader and phone users meet: who wrote each message, named buttons,
// where focus goes, full names of truncated chats, a way out of a missing project, code
// blocks on a phone, and a project pane that can be put away.
import type { Locator } from "@playwright/test";
import { expect, PHONE, type TestUser, test } from "./fixtures";
import { WorkspacePage } from "./pages/workspace-page";

async function projectWithChat(user: TestUser, name = "Accessible") {
  const { project } = (await user.api("POST", "/api/projects", { name })).body;
  const { chatSession } = (await user.api("POST", "/api/chat-sessions", { projectId: project.id }))
    .body;
  return { project, chatSession };
}

/** How far `inner`'s box starts right of `outer`'s (null while either is not laid out). */
async function leftInset(outer: Locator, inner: Locator): Promise<number | null> {
  const [o, i] = [await outer.boundingBox(), await inner.boundingBox()];
  return o && i ? i.x - o.x : null;
}

test.describe("accessibility", () => {
  test("says who wrote each message", async ({ page, user }) => {
    const { project, chatSession } = await projectWithChat(user);
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id, chatSession.id);
    await workspace.send("Who am I talking to?");
    const list = page.getByRole("list", { name: "Messages" });
    await expect.poll(() => list.ariaSnapshot()).toMatch(/You said: Who am I talking to\?/);
    await expect.poll(() => list.ariaSnapshot()).toMatch(/Craft said:/);
  });

  test("names New Chat on a phone, and puts the cursor in the new chat's composer", async ({
    user,
    openPage,
  }) => {
    const { project, chatSession } = await projectWithChat(user);
    const page = await openPage(user, { viewport: PHONE });
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id, chatSession.id);
    const button = page.getByRole("button", { name: "New Chat", exact: true });
    await expect(button).toBeVisible();
    // The desktop's pane toggle has no place here: the bottom bar switches views.
    await expect(page.getByTestId("collapse-pane")).toBeHidden();
    await button.click();
    await page.waitForURL((url) => url.searchParams.get("session") !== chatSession.id);
    await expect(page.getByTestId("composer-input")).toBeFocused();
  });

  test("opens the chat list on the current chat, and shows every name in full on hover", async ({
    page,
    user,
  }) => {
    const { project, chatSession: first } = await projectWithChat(user);
    const long = `A chat whose name is far too long to fit ${"in one row ".repeat(8)}`.trim();
    const { chatSession: second } = (
      await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: long })
    ).body;
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Newest" });
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id, second.id);
    await expect(workspace.currentName()).toHaveAttribute("title", long);

    await page.getByTestId("session-switcher").focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("session-list")).toBeVisible();
    const focusIn = (id: string) => page.locator(`[data-session-id="${id}"]:focus-within`);
    await expect(focusIn(second.id)).toHaveCount(1);
    const row = page.locator(`[data-session-id="${second.id}"] [data-session-item]`);
    await expect(row).toHaveAttribute("title", long);
    // The focused row's outline lies inside the scroll box, not under its clipped edge.
    await expect
      .poll(() => leftInset(page.getByTestId("session-list"), row))
      .toBeGreaterThanOrEqual(4);
    // The arrows go on from there: down is the next older chat.
    await page.keyboard.press("ArrowDown");
    await expect(focusIn(first.id)).toHaveCount(1);
  });

  test("keeps the keyboard focus in place through a rename and a cancelled delete", async ({
    page,
    user,
  }) => {
    const { project } = await projectWithChat(user);
    const { chatSession: session } = (
      await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Draft notes" })
    ).body;
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id, session.id);
    const row = page.locator(`[data-session-id="${session.id}"]`);
    const item = row.locator("[data-session-item]");

    await page.getByTestId("session-switcher").focus();
    await page.keyboard.press("Enter");
    await expect(item).toBeFocused();
    await page.keyboard.press("Tab"); // the row's Tags button
    await page.keyboard.press("Tab"); // Pin
    await page.keyboard.press("Tab"); // More
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem", { name: "Rename" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(row.getByLabel("Chat name")).toBeVisible();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("Kept notes");
    await page.keyboard.press("Enter");
    await expect(row.getByTestId("session-name")).toHaveText("Kept notes");
    // Back on the renamed row, not lost on the page.
    await expect(item).toBeFocused();

    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab"); // More
    await page.keyboard.press("Enter");
    // The menu is open once its first item has the focus; keys sent before would be lost.
    await expect(page.getByRole("menuitem", { name: "Rename" })).toBeFocused();
    await page.keyboard.press("ArrowDown"); // Share…
    await page.keyboard.press("ArrowDown"); // Export as Markdown
    await page.keyboard.press("ArrowDown"); // Export as JSON
    await page.keyboard.press("ArrowDown"); // Archive
    await page.keyboard.press("ArrowDown"); // Delete
    await expect(page.getByRole("menuitem", { name: "Delete" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("dialog", { name: "Delete this chat?" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
    // The list closed with the delete, so the focus goes back to what opens it.
    await expect(page.getByTestId("session-switcher")).toBeFocused();
  });

  test("keeps the app header on another user's project, with the way back and sign-out", async ({
    page,
    newUser,
  }) => {
    const owner = await newUser();
    const { project } = await projectWithChat(owner, "Not yours");
    // `page` is signed in as the test's own user: a stranger to the owner's project.
    await page.goto(`/projects/${project.id}`);
    await expect(page.getByRole("heading", { name: "Project not found" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to your projects" })).toBeVisible();
  });

  test("shows code on a phone with the copy button beside it, not over it, and says it scrolls", async ({
    user,
    openPage,
  }) => {
    const { project, chatSession } = await projectWithChat(user);
    const wide = `const line = "${"x".repeat(200)}";`;
    await user.api("POST", "/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: "assistant",
      content: `Here:\n\n\`\`\`ts\n${wide}\n\`\`\``,
    });
    const page = await openPage(user, { viewport: PHONE });
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id, chatSession.id);
    const block = page.locator(".code-block").first();
    await expect(block).toBeVisible();
    const copy = block.getByRole("button", { name: "Copy code" });
    const code = block.locator("pre");
    const copyAboveCode = async () => {
      const [copyBox, codeBox] = [await copy.boundingBox(), await code.boundingBox()];
      return Boolean(copyBox && codeBox && copyBox.y + copyBox.height <= codeBox.y);
    };
    await expect.poll(copyAboveCode).toBe(true);
    await expect(block.getByTestId("code-scrolls")).toBeVisible();
    await expect(block.getByText("ts", { exact: true })).toBeVisible();
  });

  test("hides the project pane on a desktop and remembers it", async ({ page, user }) => {
    const { project, chatSession } = await projectWithChat(user);
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id, chatSession.id);
    const pane = page.getByRole("complementary", { name: "Project" });
    const toggle = page.getByTestId("collapse-pane");
    await expect(pane).toBeVisible();
    // An empty project's pane is narrow.
    await expect.poll(async () => (await pane.boundingBox())?.width).toBeLessThanOrEqual(240);
    await toggle.click();
    await expect(pane).toBeHidden();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await page.reload();
    await expect(page.getByTestId("chat-panel")).toBeVisible();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(pane).toBeHidden();
    await toggle.click();
    await expect(pane).toBeVisible();
  });
});
