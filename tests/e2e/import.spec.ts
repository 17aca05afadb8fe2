// Import (issue 17) in the browser: a ChatGPT export made here is uploaded through Settings'
// dialog into a new project, followed to its end, and its chat opens with its two versions of
// an edited question and the source's badge; a file that is not JSON fails in words; the
// project pane's "Import chats…" preselects its project.
import fs from "node:fs/promises";
import { expect, test } from "./fixtures";
import { ImportDialog } from "./pages/import-dialog";
import { WorkspacePage } from "./pages/workspace-page";

const at = (minute: number) => Date.UTC(2025, 0, 2, 10, minute) / 1000;

type Node = { parent: string | null; role?: string; text?: string; hidden?: boolean };

/** ChatGPT's conversations.json: one conversation, its mapping tree as the export has it. */
function chatgptExport(): string {
  const nodes: Record<string, Node> = {
    root: { parent: null },
    system: { parent: "root", role: "system", text: "SECRET SYSTEM PROMPT", hidden: true },
    q1: { parent: "system", role: "user", text: "What is a mapping tree?" },
    a1: { parent: "q1", role: "assistant", text: "A tree of message nodes." },
    q2: { parent: "a1", role: "user", text: "How are branches kept?" },
    a2: { parent: "q2", role: "assistant", text: "Each node names its parent." },
    // The same question edited: a second child of a1, and the branch that was shown.
    q2edit: { parent: "a1", role: "user", text: "How is an edited question kept?" },
    a2edit: { parent: "q2edit", role: "assistant", text: "Beside the first, as a sibling." },
  };
  const ids = Object.keys(nodes);
  const mapping = Object.fromEntries(
    Object.entries(nodes).map(([id, node], index) => [
      id,
      {
        id,
        parent: node.parent,
        children: ids.filter((child) => nodes[child]?.parent === id),
        message: node.role
          ? {
              id,
              author: { role: node.role, name: null, metadata: {} },
              create_time: at(index),
              content: { content_type: "text", parts: [node.text] },
              status: "finished_successfully",
              recipient: "all",
              metadata: node.hidden ? { is_visually_hidden_from_conversation: true } : {},
            }
          : null,
      },
    ]),
  );
  return JSON.stringify([
    {
      title: "Mapping trees",
      create_time: at(0),
      update_time: at(8),
      conversation_id: "e2e-conversation-1",
      current_node: "a2edit",
      mapping,
    },
  ]);
}

test("a ChatGPT export imported from Settings opens with its versions and its source", async ({
  page,
}, testInfo) => {
  const file = testInfo.outputPath("conversations.json");
  await fs.writeFile(file, chatgptExport());

  await page.goto("/settings");
  await page.getByRole("button", { name: "Import chats…" }).click();
  const dialog = new ImportDialog(page);
  await expect(dialog.root()).toContainText("ChatGPT (conversations.json or the zip it mails)");
  await expect(dialog.destination()).toHaveValue("");
  await expect(dialog.destination().locator("option:checked")).toHaveText(
    "A new project, named after the source",
  );
  await dialog.importFile(file);
  await expect(await dialog.ended("done")).toHaveText("Done: 1 chat imported");
  await expect(dialog.status()).toContainText("ChatGPT");

  // The list behind the dialog reads it back after a reload.
  await page.reload();
  const recent = page.getByTestId("recent-imports").getByTestId("import-status");
  await expect(recent).toHaveCount(1);
  await expect(recent).toHaveAttribute("data-status", "done");
  await expect(recent.getByTestId("import-status-text")).toHaveText("Done: 1 chat imported");

  await recent.getByRole("link", { name: "Open the project" }).click();
  await page.waitForURL(/\/projects\/[^/?]+\?session=/);
  await expect(page.getByTestId("project-name")).toHaveText("ChatGPT import");
  const workspace = new WorkspacePage(page);
  await expect(workspace.currentName()).toHaveText("Mapping trees");
  await expect(
    page.getByTestId("chat-panel").getByRole("img", { name: "Imported from ChatGPT" }).first(),
  ).toBeVisible();

  // The branch that was shown in ChatGPT, without the hidden system message.
  await expect(workspace.messages()).toHaveText([
    /What is a mapping tree\?/,
    /A tree of message nodes\./,
    /How is an edited question kept\?/,
    /Beside the first, as a sibling\./,
  ]);
  await expect(page.getByText("SECRET SYSTEM PROMPT")).toHaveCount(0);
  const question = workspace.messages("user").last();
  const switcher = question.getByRole("group", { name: "Versions" });
  await expect(switcher.getByTestId("version-label")).toHaveText("2 / 2Version 2 of 2");
  await switcher.getByRole("button", { name: "Previous version" }).click();
  await expect(switcher.getByTestId("version-label")).toHaveText("1 / 2Version 1 of 2");
  await expect(workspace.messages()).toHaveText([
    /What is a mapping tree\?/,
    /A tree of message nodes\./,
    /How are branches kept\?/,
    /Each node names its parent\./,
  ]);

  await workspace.openSwitcher();
  await expect(
    workspace.sessionItems().first().getByRole("img", { name: "Imported from ChatGPT" }),
  ).toBeVisible();
});

test("a file that is not JSON fails in words, from a project's pane that preselects it", async ({
  page,
  user,
}, testInfo) => {
  const { project } = (await user.api("POST", "/api/projects", { name: "Destination" })).body;
  const file = testInfo.outputPath("notes.json");
  await fs.writeFile(file, "These are my notes, not an export.\n");

  const workspace = new WorkspacePage(page);
  await workspace.goto(project.id);
  await page.getByRole("button", { name: "Import chats…" }).click();
  const dialog = new ImportDialog(page);
  await expect(dialog.destination()).toHaveValue(project.id);
  await expect(dialog.destination().locator("option:checked")).toHaveText("Destination");

  await dialog.importFile(file);
  await expect(await dialog.ended("failed")).toHaveText("Failed: This file is not JSON");
  await expect(dialog.root().getByRole("progressbar")).toHaveCount(0);

  // Nothing to import: the form says so, and keeps the focus on the file.
  await dialog.root().getByRole("button", { name: "Import another file" }).click();
  await dialog.root().getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog.root().getByRole("alert")).toHaveText("Choose a file to import.");
  await expect(dialog.root().getByLabel(/Choose a file/)).toBeFocused();
});
