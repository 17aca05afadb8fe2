// What keyboard, screen-reader and phone users meet: who wrote each message, named buttons,
// where focus goes, full names of truncated chats, a way out of a missing project, code
// blocks on a phone, and a project pane that can be put away.
import { describe, expect, it } from "vitest";
import { createUser, PHONE, setUpBrowser, type TestUser } from "./browser";
import { WorkspacePage } from "./pages/workspace-page";

const chromium = setUpBrowser();

async function projectWithChat(user: TestUser, name = "Accessible") {
  const { project } = (await user.api("POST", "/api/projects", { name })).body;
  const { chatSession } = (await user.api("POST", "/api/chat-sessions", { projectId: project.id }))
    .body;
  return { project, chatSession };
}

async function open(user: TestUser, viewport?: typeof PHONE) {
  const page = await (await chromium.signedIn(user, viewport)).newPage();
  return { page, workspace: new WorkspacePage(page) };
}

const focusedTestId = (workspace: WorkspacePage) =>
  workspace.page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);

describe("accessibility", () => {
  it("says who wrote each message", async () => {
    const user = await createUser();
    const { project, chatSession } = await projectWithChat(user);
    const { workspace } = await open(user);
    await workspace.goto(project.id, chatSession.id);
    await workspace.send("Who am I talking to?");
    const tree = await workspace.page.getByRole("list", { name: "Messages" }).ariaSnapshot();
    expect(tree).toMatch(/You said: Who am I talking to\?/);
    expect(tree).toMatch(/Craft said:/);
  });

  it("names New Chat on a phone, and puts the cursor in the new chat's composer", async () => {
    const user = await createUser();
    const { project, chatSession } = await projectWithChat(user);
    const { page, workspace } = await open(user, PHONE);
    await workspace.goto(project.id, chatSession.id);
    const button = page.getByRole("button", { name: "New Chat", exact: true });
    expect(await button.isVisible()).toBe(true);
    // The desktop's pane toggle has no place here: the bottom bar switches views.
    expect(await page.getByTestId("collapse-pane").isVisible()).toBe(false);
    await button.click();
    await page.waitForURL((url) => url.searchParams.get("session") !== chatSession.id);
    await expect.poll(() => focusedTestId(workspace)).toBe("composer-input");
  });

  it("opens the chat list on the current chat, and shows every name in full on hover", async () => {
    const user = await createUser();
    const { project, chatSession: first } = await projectWithChat(user);
    const long = `A chat whose name is far too long to fit ${"in one row ".repeat(8)}`.trim();
    const { chatSession: second } = (
      await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: long })
    ).body;
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Newest" });
    const { page, workspace } = await open(user);
    await workspace.goto(project.id, second.id);
    await expect.poll(() => workspace.currentName().getAttribute("title")).toBe(long);

    await workspace.page.getByTestId("session-switcher").focus();
    await page.keyboard.press("Enter");
    await workspace.page.getByTestId("session-list").waitFor();
    const focused = () =>
      page.evaluate(() =>
        document.activeElement?.closest("[data-session-id]")?.getAttribute("data-session-id"),
      );
    await expect.poll(focused).toBe(second.id);
    const row = page.locator(`[data-session-id="${second.id}"] [data-session-item]`);
    expect(await row.getAttribute("title")).toBe(long);
    // The focused row's outline lies inside the scroll box, not under its clipped edge.
    const box = await page.getByTestId("session-list").boundingBox();
    const rowBox = await row.boundingBox();
    expect(rowBox && box && rowBox.x - box.x).toBeGreaterThanOrEqual(4);
    // The arrows go on from there: down is the next older chat.
    await page.keyboard.press("ArrowDown");
    await expect.poll(focused).toBe(first.id);
  });

  it("keeps the keyboard focus in place through a rename and a cancelled delete", async () => {
    const user = await createUser();
    const { project } = await projectWithChat(user);
    const { chatSession: session } = (
      await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Draft notes" })
    ).body;
    const { page, workspace } = await open(user);
    await workspace.goto(project.id, session.id);
    const row = page.locator(`[data-session-id="${session.id}"]`);
    const rowHasFocus = () =>
      row.locator("[data-session-item]").evaluate((el) => el === document.activeElement);

    await page.getByTestId("session-switcher").focus();
    await page.keyboard.press("Enter");
    await expect.poll(rowHasFocus).toBe(true);
    await page.keyboard.press("Tab"); // the row's Rename button
    await page.keyboard.press("Enter");
    await row.getByLabel("Chat name").waitFor();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("Kept notes");
    await page.keyboard.press("Enter");
    await row.getByTestId("session-name").filter({ hasText: "Kept notes" }).waitFor();
    // Back on the renamed row, not lost on the page.
    await expect.poll(rowHasFocus).toBe(true);

    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab"); // the row's Delete button
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Delete this chat?" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    // The list closed with the delete, so the focus goes back to what opens it.
    await expect.poll(() => focusedTestId(workspace)).toBe("session-switcher");
  });

  it("keeps the app header on another user's project, with the way back and sign-out", async () => {
    const owner = await createUser();
    const { project } = await projectWithChat(owner, "Not yours");
    const stranger = await createUser();
    const { page } = await open(stranger);
    await page.goto(`/projects/${project.id}`);
    await page.getByRole("heading", { name: "Project not found" }).waitFor();
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: "Back to your projects" }).isVisible()).toBe(true);
  });

  it("shows code on a phone with the copy button beside it, not over it, and says it scrolls", async () => {
    const user = await createUser();
    const { project, chatSession } = await projectWithChat(user);
    const wide = `const line = "${"x".repeat(200)}";`;
    await user.api("POST", "/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: "assistant",
      content: `Here:\n\n\`\`\`ts\n${wide}\n\`\`\``,
    });
    const { page, workspace } = await open(user, PHONE);
    await workspace.goto(project.id, chatSession.id);
    const block = page.locator(".code-block").first();
    await block.waitFor();
    const copy = block.getByRole("button", { name: "Copy code" });
    const code = block.locator("pre");
    const [copyBox, codeBox] = [await copy.boundingBox(), await code.boundingBox()];
    expect(copyBox && codeBox && copyBox.y + copyBox.height <= codeBox.y).toBe(true);
    await block.getByTestId("code-scrolls").waitFor();
    expect(await block.getByText("ts", { exact: true }).isVisible()).toBe(true);
  });

  it("hides the project pane on a desktop and remembers it", async () => {
    const user = await createUser();
    const { project, chatSession } = await projectWithChat(user);
    const { page, workspace } = await open(user);
    await workspace.goto(project.id, chatSession.id);
    const pane = page.getByRole("complementary", { name: "Project" });
    const toggle = page.getByTestId("collapse-pane");
    expect(await pane.isVisible()).toBe(true);
    // An empty project's pane is narrow.
    expect((await pane.boundingBox())?.width).toBeLessThanOrEqual(240);
    await toggle.click();
    await expect.poll(() => pane.isVisible()).toBe(false);
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    await page.reload();
    await page.getByTestId("chat-panel").waitFor();
    await expect.poll(() => toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await pane.isVisible()).toBe(false);
    await toggle.click();
    await expect.poll(() => pane.isVisible()).toBe(true);
  });
});
