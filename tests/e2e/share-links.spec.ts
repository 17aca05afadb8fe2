// Read-only links (/s/<token>): the owner makes one, someone signed out opens it in a browser
// of their own and reads the conversation, rendered safely under the page's CSP and kept out
// of search engines; once revoked, the same address is the app's 404.
import { expect, type TestUser, test } from "./fixtures";
import { SharedSessionPage } from "./pages/shared-session-page";
import { WorkspacePage } from "./pages/workspace-page";

const REPLY =
  "Use a **memo**:\n\n```ts\nconst cached = memo(fn);\n```\n\n<script>alert(1)</script>";

/** A named chat of `user` with a question and a markdown reply. */
async function sharedChat(user: TestUser) {
  const { project } = (await user.api("POST", "/api/projects", { name: "Shared project" })).body;
  const { chatSession } = (
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Caching tips" })
  ).body;
  for (const [role, content] of [
    ["user", "How do I cache this?"],
    ["assistant", REPLY],
  ])
    await user.api("POST", "/api/chat-messages", { chatSessionId: chatSession.id, role, content });
  return { projectId: project.id as string, sessionId: chatSession.id as string };
}

test("a signed-out reader sees a shared chat, and a 404 once it is revoked", async ({
  user,
  openPage,
}) => {
  const { sessionId } = await sharedChat(user);
  const made = await user.api("POST", `/api/chat-sessions/${sessionId}/links`, {});
  expect(made.status).toBe(201);
  const { link } = made.body;

  const page = await openPage(null);
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  const shared = new SharedSessionPage(page);
  const answer = await shared.goto(link.url);
  expect(answer?.status()).toBe(200);
  expect(page.url()).toContain(`/s/${link.token}`);
  const headers = answer?.headers() ?? {};
  expect(headers["x-robots-tag"]).toBe("noindex, nofollow");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);

  await expect(page.getByRole("heading", { level: 1, name: "Caching tips" })).toBeVisible();
  await expect(shared.byline).toContainText(/Shared by Tester \d+/);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  await expect(shared.messages).toHaveCount(2);
  await expect(shared.message("user")).toContainText("How do I cache this?");
  const reply = shared.message("assistant");
  await expect(reply.locator("strong")).toHaveText("memo");
  await expect(reply.locator("pre code")).toContainText("const cached = memo(fn);");
  // Raw HTML is shown as text, never run.
  await expect(reply).toContainText("<script>alert(1)</script>");
  // Who asked, for a screen reader: the owner's display name, never their email.
  await expect
    .poll(() => page.getByRole("list", { name: "Messages" }).ariaSnapshot())
    .toMatch(/Tester \d+ said: How do I cache this\?/);
  await expect(page.locator("body")).not.toContainText(user.email);
  // Nothing to write with.
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByTestId("edit-message")).toHaveCount(0);
  expect(violations).toEqual([]);

  expect(
    (await user.api("DELETE", `/api/chat-sessions/${sessionId}/links/${link.id}`)).status,
  ).toBe(200);
  const gone = await shared.goto(link.url);
  expect(gone?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("How do I cache this?")).toHaveCount(0);
});

test("an unknown token is the app's 404", async ({ openPage }) => {
  const page = await openPage(null);
  for (const path of ["/s/not-a-token", `/s/${"A".repeat(43)}`]) {
    const answer = await page.goto(path);
    expect(answer?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});

test("the owner makes, copies and revokes a link in the share dialog", async ({
  page,
  user,
  openPage,
}) => {
  const { projectId, sessionId } = await sharedChat(user);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await new WorkspacePage(page).goto(projectId, sessionId);

  await page.getByRole("button", { name: "Share this chat" }).click();
  const dialog = page.getByRole("dialog", { name: 'Share "Caching tips"' });
  await expect(dialog.getByText("No links yet.")).toBeVisible();
  await dialog.getByRole("radio", { name: /^Live/ }).check();
  await dialog.getByRole("button", { name: "Create link" }).click();
  const link = dialog.getByRole("textbox", { name: "Live link" });
  await expect(link).toHaveValue(/\/s\/[A-Za-z0-9_-]{43}$/);
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  await expect(link).toHaveValue(url);

  const reader = new SharedSessionPage(await openPage(null));
  expect((await reader.goto(url))?.status()).toBe(200);
  await expect(reader.messages).toHaveCount(2);

  await dialog.getByRole("button", { name: "Revoke link" }).click();
  await expect(dialog.getByText("No links yet.")).toBeVisible();
  await expect
    .poll(async () => (await user.api("GET", `/api/chat-sessions/${sessionId}/links`)).body.links)
    .toEqual([]);
  expect((await reader.goto(url))?.status()).toBe(404);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Share this chat" })).toBeFocused();
});
