// Organizing chats from the list and the chat's header: a tag made on the spot, the list
// filtered by it, a pin that keeps a chat on top, archive and restore, several chats tagged
// and archived at once, and a tag deleted everywhere. All of it survives a reload.
import { expect, test } from "./fixtures";
import { WorkspacePage } from "./pages/workspace-page";

test("tags, filters, pins, archives and restores chats, one at a time and several at once", async ({
  page,
  user,
}) => {
  const { project } = (await user.api("POST", "/api/projects", { name: "Organized" })).body;
  const ids: Record<string, string> = {};
  for (const name of ["Alpha", "Beta", "Gamma"])
    ids[name] = (
      await user.api("POST", "/api/chat-sessions", { projectId: project.id, name })
    ).body.chatSession.id;
  const workspace = new WorkspacePage(page);
  await workspace.goto(project.id, ids.Gamma);
  const row = (name: string) => page.locator(`[data-session-id="${ids[name]}"]`);
  const names = () => page.getByTestId("session-list").getByTestId("session-name");

  // A tag created from the chat's header, on the chat, from the keyboard.
  await page.getByTestId("header-tags").click();
  await page.getByRole("combobox", { name: "Tags of Gamma" }).fill("Bug");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("chat-panel").getByTestId("tag-chip")).toHaveText("Bug");

  await workspace.openSwitcher();
  await expect(row("Gamma").getByTestId("tag-chip")).toHaveText("Bug");
  await expect(names()).toHaveText(["Gamma", "Beta", "Alpha"]);

  // Filtered by the tag, then not.
  await page.getByTestId("filter-tags").click();
  await page.getByRole("combobox", { name: "Filter chats by tags" }).fill("bug");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  await expect(names()).toHaveText(["Gamma"]);
  await page.getByRole("button", { name: "Stop filtering by Bug" }).click();
  await expect(names()).toHaveText(["Gamma", "Beta", "Alpha"]);

  // Pinned: on top, in its own group, the others' order unchanged.
  await row("Alpha").hover();
  await row("Alpha").getByRole("button", { name: "Pin Alpha" }).click();
  await expect(names()).toHaveText(["Alpha", "Gamma", "Beta"]);
  await expect(page.getByRole("region", { name: "Pinned" })).toContainText("Alpha");

  // Archived: gone from the list, found under Archived, restored.
  await row("Beta").hover();
  await row("Beta").getByRole("button", { name: "More for Beta" }).click();
  await page.getByRole("menuitem", { name: "Archive" }).click();
  await expect(names()).toHaveText(["Alpha", "Gamma"]);
  await page.getByTestId("show-archived").click();
  await expect(names()).toHaveText(["Beta"]);
  await row("Beta").hover();
  await row("Beta").getByRole("button", { name: "More for Beta" }).click();
  await page.getByRole("menuitem", { name: "Restore" }).click();
  await expect(page.getByTestId("no-sessions")).toHaveText("No archived chats.");
  await page.getByRole("button", { name: "Chats", exact: true }).click();
  await expect(names()).toHaveText(["Alpha", "Gamma", "Beta"]);

  // Several at once: tagged with a new tag, then archived.
  await page.getByTestId("select-sessions").click();
  await row("Gamma").getByRole("checkbox").click();
  await row("Beta").getByRole("checkbox").click();
  await expect(page.getByTestId("bulk-bar")).toContainText("2 selected");
  await page.getByTestId("bulk-tag").click();
  await page.getByRole("combobox", { name: "Tags of the selected chats" }).fill("Later");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  await expect(row("Beta").getByTestId("tag-chip")).toHaveText("Later");
  await expect(row("Gamma").getByTestId("tag-chip")).toHaveText(["Bug", "Later"]);
  await page.getByTestId("bulk-archive").click();
  await expect(names()).toHaveText(["Alpha"]);

  // What the server keeps: after a reload, the same.
  await page.reload();
  await workspace.openSwitcher();
  await expect(names()).toHaveText(["Alpha"]);
  await page.getByTestId("show-archived").click();
  await expect(names()).toHaveText(["Gamma", "Beta"]);
  await expect(row("Gamma").getByTestId("tag-chip")).toHaveText(["Bug", "Later"]);

  // The chat open (Gamma) is archived: its header says so, and restores it.
  await page.keyboard.press("Escape");
  await page.getByTestId("restore-current").click();
  await expect(page.getByTestId("restore-current")).toHaveCount(0);
  await workspace.openSwitcher();
  await expect(names()).toHaveText(["Beta"]);

  // A tag deleted while the list is filtered by it: gone from every chat, and from the filter.
  await page.getByRole("button", { name: "Chats", exact: true }).click();
  await page.getByTestId("filter-tags").click();
  await page.getByRole("combobox", { name: "Filter chats by tags" }).fill("later");
  await page.keyboard.press("Enter");
  await expect(names()).toHaveText(["Gamma"]);
  await page.getByRole("button", { name: "Manage tags…" }).click();
  const manage = page.getByRole("dialog", { name: "Tags" });
  await manage.getByRole("button", { name: "Delete Later" }).click();
  await manage.getByRole("button", { name: "Delete from 2 chats" }).click();
  await expect(manage.getByTestId("manage-tag")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await workspace.openSwitcher();
  await expect(names()).toHaveText(["Alpha", "Gamma"]);
  await expect(row("Gamma").getByTestId("tag-chip")).toHaveText(["Bug"]);
});
