// Session templates in Chromium, from the keyboard: a chat made from a built-in template opens
// with its first message waiting in the composer (its placeholder selected), shows the
// template and its instructions in the header, and the model receives them on every reply,
// as edited there.
import { expect, test } from "./fixtures";
import { WorkspacePage } from "./pages/workspace-page";

test("a chat from a built-in template: pre-filled composer, instructions shown, edited and sent to the model", async ({
  page,
  user,
}) => {
  const { project } = (await user.api("POST", "/api/projects", { name: "Templates" })).body;
  const workspace = new WorkspacePage(page);
  await workspace.goto(project.id);
  const blankId = workspace.sessionId();

  // The chevron beside New Chat, then the picker: filter, Enter.
  await page.getByRole("button", { name: "More ways to start a chat" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("menuitem", { name: "New chat from template…" }).focus();
  await page.keyboard.press("Enter");
  const picker = page.getByRole("dialog", { name: "New chat from a template" });
  const filter = picker.getByRole("combobox", { name: "Filter templates" });
  await expect(filter).toBeFocused();
  await expect(picker.getByRole("option").first()).toContainText("Blank chat");
  await filter.fill("write tests");
  await expect(picker.getByRole("option", { selected: true })).toContainText("Write tests");
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => !["", blankId].includes(url.searchParams.get("session") ?? ""));

  // The first message waits, unsent, with its placeholder selected: typing replaces it.
  const composer = page.getByTestId("composer-input");
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue(/^Write tests for \[the function, file or behaviour\]:/);
  await page.keyboard.type("parse()");
  await expect(composer).toHaveValue(/^Write tests for parse\(\):/);
  await expect(workspace.messages()).toHaveCount(0);

  // The header names the template; its dialog shows the instructions.
  const header = page.getByTestId("session-instructions");
  await expect(header).toHaveText("Template: Write tests");
  await page.keyboard.press("Enter");
  await workspace.waitForReply();
  const reply = workspace.messages("assistant").last();
  await expect(reply).toContainText(
    /Instructions for this chat: \d+ characters, starting "Write automated tests for the code/,
  );

  await header.click();
  const dialog = page.getByRole("dialog", { name: "This chat's instructions" });
  const instructions = dialog.getByRole("textbox", { name: "Instructions" });
  await expect(instructions).toHaveValue(/^Write automated tests for the code the user names/);
  await instructions.fill("Answer in haiku.");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(header).toBeFocused();

  await workspace.send("And lex()?");
  await expect(workspace.messages("assistant").last()).toContainText(
    'Instructions for this chat: 16 characters, starting "Answer in haiku.".',
  );
});
