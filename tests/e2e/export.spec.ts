// Export (issue 17) in the browser: a chat as Markdown from the chat header and as JSON from
// its row's menu, a project from its pane, and everything from Settings, each a real download
// whose file is read back.
import fs from "node:fs/promises";
import type { Download, Page } from "@playwright/test";
import { expect, type TestUser, test } from "./fixtures";
import { WorkspacePage } from "./pages/workspace-page";

const CODE_REPLY = "Like this:\n\n```ts\nconst fence = '```';\n```";

/** A chat with two versions of its second question; the edited one is shown. */
async function chatWithVersions(user: TestUser) {
  const { project } = (await user.api("POST", "/api/projects", { name: "Export project" })).body;
  const { chatSession } = (
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Fences & more" })
  ).body;
  const post = async (role: string, content: string, parentId?: string) =>
    (
      await user.api("POST", "/api/chat-messages", {
        chatSessionId: chatSession.id,
        role,
        content,
        ...(parentId ? { parentId } : {}),
      })
    ).body.message.id as string;
  await post("user", "How do I quote backticks?");
  const reply = await post("assistant", CODE_REPLY);
  await post("user", "The first follow-up");
  // A new version of the follow-up: a branch, now the active one.
  await post("user", "The edited follow-up", reply);
  return { projectId: project.id as string, sessionId: chatSession.id as string };
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<[Download, string]> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = await download.path();
  return [download, await fs.readFile(file, "utf8")];
}

test("exports a chat as Markdown from the header and as JSON from its row's menu", async ({
  page,
  user,
}) => {
  const { projectId, sessionId } = await chatWithVersions(user);
  const workspace = new WorkspacePage(page);
  await workspace.goto(projectId, sessionId);

  await page.getByRole("button", { name: "Export this chat" }).click();
  const [markdownFile, markdown] = await downloaded(page, () =>
    page.getByRole("menuitem", { name: "Export as Markdown" }).click(),
  );
  expect(markdownFile.suggestedFilename()).toBe("fences-more.md");
  expect(markdown).toMatch(/^# Fences & more\n/);
  expect(markdown).toContain(`## Assistant · `);
  expect(markdown).toContain(CODE_REPLY);
  expect(markdown).toContain("The edited follow-up");
  expect(markdown).not.toContain("The first follow-up");

  await workspace.openSwitcher();
  const row = workspace.sessionRow(sessionId);
  await row.hover();
  await row.getByRole("button", { name: /^More for/ }).click();
  const [jsonFile, json] = await downloaded(page, () =>
    page.getByRole("menuitem", { name: "Export as JSON" }).click(),
  );
  expect(jsonFile.suggestedFilename()).toBe("fences-more.json");
  const document = JSON.parse(json);
  expect(document).toMatchObject({ type: "craft.export", version: 1, scope: "session" });
  // Every version: both follow-ups.
  expect(document.session.messages.map((m: { content: string }) => m.content)).toEqual([
    "How do I quote backticks?",
    CODE_REPLY,
    "The first follow-up",
    "The edited follow-up",
  ]);
});

test("exports a project from its pane and everything from Settings", async ({ page, user }) => {
  const { projectId } = await chatWithVersions(user);
  const workspace = new WorkspacePage(page);
  await workspace.goto(projectId);

  const [projectFile, projectLines] = await downloaded(page, () =>
    page.getByRole("link", { name: "Export project" }).click(),
  );
  expect(projectFile.suggestedFilename()).toMatch(/^craft-export-project-\d{4}-\d\d-\d\d\.ndjson$/);
  expect(projectLines.trimEnd().split("\n").at(-1)).toBe(
    '{"type":"end","projects":1,"sessions":1,"messages":4}',
  );

  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Your data" })).toBeVisible();
  const exportAll = page.getByRole("link", { name: "Export everything" });
  await expect(exportAll).toHaveAccessibleDescription(/every project, every chat/);
  const [accountFile, accountLines] = await downloaded(page, () => exportAll.click());
  expect(accountFile.suggestedFilename()).toMatch(/^craft-export-\d{4}-\d\d-\d\d\.ndjson$/);
  const lines = accountLines
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
  expect(lines[0]).toMatchObject({ type: "craft.export", scope: "account" });
  expect(lines.at(-1)).toEqual({ type: "end", projects: 1, sessions: 1, messages: 4 });
});
