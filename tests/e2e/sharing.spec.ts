// Sharing a chat with people, in two browser contexts: the owner invites a collaborator through
// the share dialog, the collaborator opens it from "Shared with you" and asks, the owner's tab
// shows their question (with their name) and the reply live; removing them ends their access
// in their open tab. A viewer reads without a composer.
import { expect, liveStreamOpened, type TestUser, test } from "./fixtures";
import { ProjectsPage } from "./pages/projects-page";
import { ShareDialog } from "./pages/share-dialog";
import { SharedChatPage } from "./pages/shared-chat-page";
import { WorkspacePage } from "./pages/workspace-page";

async function nameOf(user: TestUser): Promise<string> {
  const { body } = await user.api<{ user: { name: string } }>("GET", "/api/auth/get-session");
  return body.user.name;
}

test("a collaborator asks in a shared chat, the owner sees it live, and removal ends it", async ({
  page,
  user,
  newUser,
  openPage,
}) => {
  const member = await newUser();
  const [ownerName, memberName] = await Promise.all([nameOf(user), nameOf(member)]);

  // The owner makes a project and asks in its chat.
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.create("Shared work");
  const ownerOpened = await liveStreamOpened(page);
  await projects.cards().filter({ hasText: "Shared work" }).getByRole("link").click();
  const workspace = new WorkspacePage(page);
  await page.waitForURL(/[?&]session=/);
  await ownerOpened();
  const sessionId = workspace.sessionId();
  await workspace.send("What is in this project?");

  // Shared through the dialog of the session's menu: unknown emails are refused in words.
  const dialog = new ShareDialog(page);
  await dialog.openFromMenu(sessionId);
  await dialog.invite("nobody-here@example.com", "collaborator");
  await expect(dialog.error()).toHaveText(/No Craft user has that email/);
  await dialog.invite(member.email, "collaborator");
  await expect(dialog.person(member.email)).toContainText(memberName);
  await expect(dialog.person(member.email).getByLabel(`Role of ${memberName}`)).toHaveValue(
    "collaborator",
  );
  await dialog.close();
  // The menu item that opened it is gone: the focus goes back to the chat switcher.
  await expect(page.getByTestId("session-switcher")).toBeFocused();

  // The member finds it under "Shared with you" and opens it.
  const memberPage = await openPage(member);
  const home = new ProjectsPage(memberPage);
  await home.goto();
  const entry = home.sharedSessions().filter({ hasText: ownerName });
  await expect(entry).toContainText("Shared work");
  await expect(entry.getByTestId("shared-role")).toHaveText("Collaborator");
  const memberOpened = await liveStreamOpened(memberPage);
  await entry.getByRole("link").click();
  await memberPage.waitForURL(`**/shared/${sessionId}`);
  await memberOpened();
  const shared = new SharedChatPage(memberPage);
  await expect(shared.sharedBy()).toHaveText(`Shared by ${ownerName} · Collaborator`);
  // The owner's question is theirs to the member; no version or delete buttons here.
  await expect(shared.messages("user").first().getByTestId("message-author")).toHaveText(ownerName);
  await expect(memberPage.getByTestId("delete-message")).toHaveCount(0);

  await shared.send("A question from the collaborator");
  await expect(shared.messages("user").last().getByTestId("message-author")).toHaveText("You");

  // The owner's tab, without a reload: the member's question under their name, and the reply.
  const question = workspace
    .messages("user")
    .filter({ hasText: "A question from the collaborator" });
  await expect(question.getByTestId("message-author")).toHaveText(memberName);
  await expect
    .poll(() => page.getByRole("list", { name: "Messages" }).ariaSnapshot())
    .toContain(`${memberName} said: A question from the collaborator`);
  await expect(workspace.messages("user").first().getByTestId("message-author")).toHaveText("You");
  await expect(workspace.messages("assistant")).toHaveCount(2);
  await expect(workspace.messages("assistant").last()).toHaveAttribute("data-status", "complete");

  // The owner removes them: their open tab says so at once, and the list lets it go.
  await dialog.openFromHeader();
  await dialog.remove(memberName);
  await expect(dialog.person(member.email)).toHaveCount(0);
  await expect(dialog.root().getByRole("button", { name: "Undo" })).toBeFocused();
  await expect(shared.accessLost()).toBeVisible();
  await expect(shared.composer()).toHaveCount(0);
  await home.goto();
  await expect(home.sharedSessions()).toHaveCount(0);
});

test("a viewer reads a shared chat without a composer, and can leave it", async ({
  user,
  newUser,
  openPage,
}) => {
  const viewer = await newUser();
  const { project } = (await user.api("POST", "/api/projects", { name: "Read only" })).body;
  const { chatSession } = (
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "For reading" })
  ).body;
  await user.api("POST", "/api/chat-messages", {
    chatSessionId: chatSession.id,
    role: "user",
    content: "Written by the owner",
  });
  const share = await user.api("POST", `/api/chat-sessions/${chatSession.id}/shares`, {
    email: viewer.email,
    role: "viewer",
  });
  expect(share.status).toBe(201);

  const page = await openPage(viewer);
  const shared = new SharedChatPage(page);
  await shared.goto(chatSession.id);
  await expect(shared.name()).toHaveText("For reading");
  await expect(shared.sharedBy()).toHaveText(/· Viewer$/);
  await expect(shared.messages("user")).toHaveText(/Written by the owner/);
  await expect(shared.readOnlyNote()).toHaveText(/You can read this chat/);
  await expect(shared.composer()).toHaveCount(0);
  await expect(page.getByTestId("edit-message")).toHaveCount(0);
  await expect(page.getByTestId("copy-message")).toHaveCount(1);

  // Leaving, after a confirmation: back home, where it is no longer listed.
  await page.getByRole("button", { name: "Leave this chat" }).click();
  await page.getByTestId("confirm-leave").click();
  await page.waitForURL("**/projects");
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
  await expect(new ProjectsPage(page).sharedSessions()).toHaveCount(0);
  expect((await viewer.api("GET", `/api/chat-sessions/${chatSession.id}`)).status).toBe(404);
});
