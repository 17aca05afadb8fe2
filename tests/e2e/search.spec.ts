// Search from anywhere: Ctrl+K opens the palette, results come as you type with the matched
// words marked, and Enter opens the chat at that message, far up a long session or on a
// version that was not the one shown, with the pages around it loading both ways.
import { expect, type TestUser, test } from "./fixtures";
import { WorkspacePage } from "./pages/workspace-page";

/** A session of `count` messages written through the API, question and reply in turn. */
async function longSession(user: TestUser, projectId: string, count: number, special: number) {
  const { chatSession } = (
    await user.api("POST", "/api/chat-sessions", { projectId, name: "Long history" })
  ).body;
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const content =
      n === special
        ? "Where is ERR_MODULE_NOT_FOUND thrown from in src/app/page.tsx?"
        : `Message number ${n} about the layout`;
    const { body } = await user.api("POST", "/api/chat-messages", {
      chatSessionId: chatSession.id,
      role: n % 2 === 0 ? "user" : "assistant",
      content,
    });
    ids.push(body.message.id);
  }
  return { chatSessionId: chatSession.id as string, ids };
}

test("Ctrl+K finds a message far up a long chat and opens the chat at it", async ({
  page,
  user,
}) => {
  const { project } = (await user.api("POST", "/api/projects", { name: "Search me" })).body;
  const { chatSessionId, ids } = await longSession(user, project.id, 240, 40);
  const workspace = new WorkspacePage(page);
  await workspace.goto(project.id, chatSessionId);
  await expect(workspace.messages()).toHaveCount(50);

  await page.keyboard.press("Control+k");
  const input = page.getByRole("combobox", { name: "Search chats" });
  await expect(input).toBeFocused();
  await input.fill("ERR_MODULE_NOT_FOUND");
  const result = page.getByTestId("search-result").first();
  await expect(result).toContainText("Long history");
  await expect(result).toContainText("Search me");
  await expect(result.locator("mark")).toContainText(["ERR_MODULE_NOT_FOUND"]);
  await page.keyboard.press("Enter");

  await page.waitForURL(new RegExp(`message=${ids[40]}`));
  const opened = page.locator("[data-opened-at]");
  await expect(opened).toHaveAttribute("data-message-id", ids[40] ?? "");
  await expect(opened).toBeFocused();
  await expect(opened).toBeInViewport();
  // The messages around it are there; newer ones load as the reader scrolls down.
  await expect(page.locator(`[data-message-id="${ids[39]}"]`)).toBeAttached();
  await expect(page.locator(`[data-message-id="${ids[239]}"]`)).toHaveCount(0);
  await page.getByRole("button", { name: "Scroll to the latest message" }).click();
  await expect(page.locator(`[data-message-id="${ids[239]}"]`)).toBeInViewport();
});

test("a hit on another version shows that version, and Escape closes the palette", async ({
  page,
  user,
}) => {
  const { project } = (await user.api("POST", "/api/projects", { name: "Versions" })).body;
  const { chatSession } = (
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Two tries" })
  ).body;
  const post = async (role: string, content: string, parentId?: string) =>
    (
      await user.api("POST", "/api/chat-messages", {
        chatSessionId: chatSession.id,
        role,
        content,
        parentId,
      })
    ).body.message.id as string;
  await post("user", "How do I center a div?");
  const reply = await post("assistant", "Use flexbox.");
  const hidden = await post("user", "What about snake_case_name in useEffect?");
  await post("user", "Something else entirely", reply);

  const workspace = new WorkspacePage(page);
  await workspace.goto(project.id, chatSession.id);
  await expect(workspace.messages().last()).toContainText("Something else entirely");

  await page.getByRole("button", { name: "Search chats" }).click();
  await page.keyboard.type("nothing matches this zzzz");
  await expect(page.getByText("No chat says")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("search-palette")).toHaveCount(0);

  await page.keyboard.press("Control+k");
  await page.getByRole("combobox", { name: "Search chats" }).fill("snake_case_name");
  await expect(page.getByTestId("search-result").first()).toContainText("useEffect");
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`message=${hidden}`));
  const opened = page.locator("[data-opened-at]");
  await expect(opened).toContainText("What about snake_case_name in useEffect?");
  await expect(opened.getByTestId("version-label")).toHaveText("1 / 2Version 1 of 2");
});
