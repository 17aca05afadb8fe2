// Versions of a conversation in Chromium: an edited question gets its own answer beside the
// old one, a reply can be regenerated, either can be switched back to (and stays chosen after
// a reload), a message can be deleted after a confirmation, copied, and all of it reaches the
// user's other tabs. Keyboard and screen-reader names are used throughout.
import type { Page } from "@playwright/test";
import { expect, type TestUser, test } from "./fixtures";
import { WorkspacePage } from "./pages/workspace-page";

async function openChat(page: Page, user: TestUser) {
  const { project } = (await user.api("POST", "/api/projects", { name: "Versions" })).body;
  const { chatSession } = (
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Versions" })
  ).body;
  const workspace = new WorkspacePage(page);
  await workspace.goto(project.id, chatSession.id);
  return { workspace, projectId: project.id as string, chatSessionId: chatSession.id as string };
}

/** The version switcher of a message, as a screen reader names its parts. */
function versions(message: ReturnType<WorkspacePage["messages"]>) {
  const switcher = message.getByRole("group", { name: "Versions" });
  return {
    label: switcher.getByTestId("version-label"),
    previous: switcher.getByRole("button", { name: "Previous version" }),
    next: switcher.getByRole("button", { name: "Next version" }),
  };
}

test("an edited question is answered beside the old one; switching back survives a reload", async ({
  page,
  user,
}) => {
  const { workspace, chatSessionId } = await openChat(page, user);
  await workspace.send("What does index.html do?");
  await workspace.send("And the stylesheet?");
  const question = workspace.messages("user").last();
  const oldReplyId = await workspace.messages("assistant").last().getAttribute("data-message-id");

  // Up in the empty composer edits the last question, from the keyboard alone.
  await page.getByTestId("composer-input").focus();
  await page.keyboard.press("ArrowUp");
  const editor = page.getByRole("textbox", { name: "Message text" });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue("And the stylesheet?");
  await editor.fill("And the stylesheet, in short?");
  await page.keyboard.press("Enter");
  await workspace.waitForReply();

  await expect(question).toContainText("And the stylesheet, in short?");
  await expect(versions(question).label).toHaveText("2 / 2Version 2 of 2");
  const newReply = workspace.messages("assistant").last();
  await expect(newReply).not.toHaveAttribute("data-message-id", oldReplyId ?? "");
  // The model was given the new branch only: the first question and its reply.
  await expect(newReply).toContainText("2 earlier messages");
  await expect(workspace.messages()).toHaveCount(4);

  await question.hover();
  await versions(question).previous.click();
  await expect(question).toContainText("And the stylesheet?");
  await expect(versions(question).label).toHaveText("1 / 2Version 1 of 2");
  await expect(workspace.messages("assistant").last()).toHaveAttribute(
    "data-message-id",
    oldReplyId ?? "",
  );

  await page.reload();
  await expect(workspace.messages("user").last()).toContainText("And the stylesheet?");
  await expect(versions(workspace.messages("user").last()).label).toHaveText("1 / 2Version 1 of 2");
  const listed = await user.api("GET", `/api/chat-messages?chatSessionId=${chatSessionId}`);
  expect(listed.body.messages.map((m: { content: string }) => m.content.slice(0, 20))).toEqual([
    "What does index.html",
    expect.any(String),
    "And the stylesheet?",
    expect.any(String),
  ]);

  // And forward again, with the keyboard.
  await versions(workspace.messages("user").last()).next.focus();
  await page.keyboard.press("Enter");
  await expect(workspace.messages("user").last()).toContainText("in short?");
});

test("a regenerated reply is a new version; the old one is one click away", async ({
  page,
  user,
}) => {
  const { workspace } = await openChat(page, user);
  await workspace.send("Explain the project");
  const reply = () => workspace.messages("assistant").last();
  const firstId = await reply().getAttribute("data-message-id");

  await reply().getByRole("button", { name: "Regenerate reply" }).click();
  await workspace.waitForReply();
  await expect(versions(reply()).label).toHaveText("2 / 2Version 2 of 2");
  await expect(reply()).not.toHaveAttribute("data-message-id", firstId ?? "");
  await expect(workspace.messages()).toHaveCount(2);

  await versions(reply()).previous.click();
  await expect(reply()).toHaveAttribute("data-message-id", firstId ?? "");
  await expect(versions(reply()).label).toHaveText("1 / 2Version 1 of 2");
});

test("deleting asks first, says what goes with it, and removes the rest of the branch", async ({
  page,
  user,
}) => {
  const { workspace, chatSessionId } = await openChat(page, user);
  await workspace.send("Keep this one");
  await workspace.send("Delete from here");
  const doomed = workspace.messages("user").last();

  await doomed.hover();
  await doomed.getByRole("button", { name: "Delete message" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this message?" });
  await expect(dialog).toContainText("The message after it goes too");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(workspace.messages()).toHaveCount(4);

  await doomed.hover();
  await doomed.getByRole("button", { name: "Delete message" }).click();
  await page.getByTestId("confirm-delete-message").click();
  await expect(workspace.messages()).toHaveCount(2);
  await expect(page.getByTestId("composer-input")).toBeFocused();
  await page.reload();
  await expect(workspace.messages()).toHaveCount(2);
  const { body } = await user.api("GET", `/api/chat-sessions/${chatSessionId}`);
  expect(body.chatSession.messages.map((m: { content: string }) => m.content)[0]).toBe(
    "Keep this one",
  );
});

test("copies a whole message as Markdown", async ({ page, user }) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const { workspace } = await openChat(page, user);
  await workspace.send("Copy me");
  const reply = workspace.messages("assistant").last();
  await reply.getByRole("button", { name: "Copy message" }).click();
  await expect(reply.getByRole("button", { name: "Copied" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain("I'm Craft's **offline model**");
  expect(copied).toContain("```sh");
});

test("a fixed reply, a new version, a switch and a delete reach the user's other tab", async ({
  page,
  user,
  openPage,
}) => {
  const { workspace, projectId, chatSessionId } = await openChat(page, user);
  await workspace.send("Shared question");
  const other = new WorkspacePage(await openPage(user));
  await other.goto(projectId, chatSessionId);
  await expect(other.messages()).toHaveCount(2);
  const otherReply = () => other.messages("assistant").last();

  await workspace
    .messages("assistant")
    .last()
    .getByRole("button", { name: "Regenerate reply" })
    .click();
  await workspace.waitForReply();
  await expect(versions(otherReply()).label).toHaveText("2 / 2Version 2 of 2");

  await versions(workspace.messages("assistant").last()).previous.click();
  await expect(versions(otherReply()).label).toHaveText("1 / 2Version 1 of 2");

  const reply = workspace.messages("assistant").last();
  await reply.getByRole("button", { name: "Edit reply text" }).click();
  await page.getByRole("textbox", { name: "Message text" }).fill("Fixed by hand.");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(reply).toContainText("Fixed by hand.");
  await expect(otherReply()).toContainText("Fixed by hand.");

  await workspace.messages("user").last().hover();
  await workspace.messages("user").last().getByRole("button", { name: "Delete message" }).click();
  await page.getByTestId("confirm-delete-message").click();
  await expect(workspace.page.getByTestId("empty-chat")).toBeVisible();
  await expect(other.page.getByTestId("empty-chat")).toBeVisible();
});
