// The spec's Testing Checklist, one test per item, in Chromium against the built app.
import { expect, type TestUser, test } from "./fixtures";
import { ProjectsPage } from "./pages/projects-page";
import { WorkspacePage } from "./pages/workspace-page";

async function newProject(user: TestUser, name = "Checklist project") {
  return (await user.api("POST", "/api/projects", { name, description: "e2e" })).body.project as {
    id: string;
  };
}

const statusOf = async (user: TestUser, path: string) => (await user.api("GET", path)).status;

test.describe("spec testing checklist", () => {
  test("1. a new project opens on a default session, created once", async ({ page, user }) => {
    const project = await newProject(user);
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await expect(workspace.currentName()).toHaveText("New Chat");
    await page.reload();
    await expect(workspace.currentName()).toHaveText("New Chat");
    const { chatSessions } = (await user.api("GET", `/api/chat-sessions?projectId=${project.id}`))
      .body;
    expect(chatSessions).toHaveLength(1);
    expect(chatSessions[0].id).toBe(workspace.sessionId());
    expect(chatSessions[0].name).toBe("New Chat");
  });

  test("2. sent messages are saved: in the API and after a reload", async ({ page, user }) => {
    const project = await newProject(user);
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await workspace.send("Remember this: the sky is teal");
    const { messages } = (
      await user.api("GET", `/api/chat-messages?chatSessionId=${workspace.sessionId()}`)
    ).body;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[0].content).toBe("Remember this: the sky is teal");
    expect(messages[1].status).toBe("complete");
    await page.reload();
    await expect(workspace.messages()).toHaveCount(2);
    await expect(workspace.messages().nth(0)).toContainText("Remember this: the sky is teal");
    await expect(workspace.messages().nth(1)).toContainText("offline model");
  });

  test("3. a project holds several sessions", async ({ page, user }) => {
    const project = await newProject(user);
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    const first = workspace.sessionId();
    const second = await workspace.newChat();
    const third = await workspace.newChat();
    expect(new Set([first, second, third]).size).toBe(3);
    await workspace.openSwitcher();
    await expect(workspace.sessionItems()).toHaveCount(3);
    const { chatSessions } = (await user.api("GET", `/api/chat-sessions?projectId=${project.id}`))
      .body;
    expect(chatSessions.map((s: { id: string }) => s.id)).toEqual([third, second, first]);
  });

  test("4. switching sessions shows that session's messages and nothing else", async ({
    page,
    user,
  }) => {
    const project = await newProject(user);
    const workspace = new WorkspacePage(page);
    const saying = (text: string) => workspace.messages().filter({ hasText: text });
    await workspace.goto(project.id);
    const alpha = workspace.sessionId();
    await workspace.send("alpha message");
    const beta = await workspace.newChat();
    await workspace.send("beta message");
    await workspace.selectSession(alpha);
    await expect(workspace.messages()).toHaveCount(2);
    await expect(workspace.messages()).toContainText(["alpha message"]);
    await expect(saying("beta message")).toHaveCount(0);
    await workspace.selectSession(beta);
    await expect(workspace.messages()).toContainText(["beta message"]);
    await expect(saying("alpha message")).toHaveCount(0);
    // Back and forward move between sessions too: the session is in the URL.
    await page.goBack();
    await page.waitForURL(new RegExp(`session=${alpha}`));
    await expect(workspace.messages()).toContainText(["alpha message"]);
  });

  test("5. a refresh keeps the session and its messages", async ({ page, user }) => {
    const project = await newProject(user);
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await workspace.newChat();
    await workspace.send("still here after a refresh?");
    const session = workspace.sessionId();
    await page.reload();
    expect(workspace.sessionId()).toBe(session);
    await expect(workspace.currentName()).toHaveText("still here after a refresh?");
    await expect(workspace.messages()).toHaveCount(2);
  });

  test("6. deleting a session deletes its messages", async ({ page, user }) => {
    const project = await newProject(user);
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    const keep = workspace.sessionId();
    const doomed = await workspace.newChat();
    await workspace.send("delete me with my session");
    await workspace.deleteSession(doomed);
    await page.waitForURL(new RegExp(`session=${keep}`));
    await expect.poll(() => statusOf(user, `/api/chat-sessions/${doomed}`)).toBe(404);
    expect(await statusOf(user, `/api/chat-messages?chatSessionId=${doomed}`)).toBe(404);
    const { chatSessions } = (await user.api("GET", `/api/chat-sessions?projectId=${project.id}`))
      .body;
    expect(chatSessions.map((s: { id: string }) => s.id)).toEqual([keep]);
  });

  test("7. deleting a project deletes its sessions", async ({ page, user }) => {
    const project = await newProject(user, "Project to delete");
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await workspace.send("a message in a doomed project");
    const session = workspace.sessionId();
    const projects = new ProjectsPage(page);
    await projects.goto();
    await projects.delete("Project to delete");
    await expect.poll(() => statusOf(user, `/api/chat-sessions/${session}`)).toBe(404);
    expect(await statusOf(user, `/api/chat-sessions?projectId=${project.id}`)).toBe(404);
    await page.reload();
    await expect(page.getByText("No projects yet")).toBeVisible();
    await expect(projects.cards()).toHaveCount(0);
  });

  test("8. two users never see each other's projects or sessions", async ({
    newUser,
    openPage,
  }) => {
    const alice = await newUser();
    const bob = await newUser();
    const project = await newProject(alice, "Alice's secret project");
    const alicePage = await openPage(alice);
    const workspace = new WorkspacePage(alicePage);
    await workspace.goto(project.id);
    await workspace.send("alice's private words");
    const aliceSession = workspace.sessionId();
    await alicePage.context().close();

    const page = await openPage(bob);
    await page.goto("/projects");
    await expect(page.getByText("No projects yet")).toBeVisible();
    await expect(page.getByText("Alice's secret project")).toHaveCount(0);
    await page.goto(`/projects/${project.id}?session=${aliceSession}`);
    await expect(page.getByText("Project not found")).toBeVisible();
    const bobProject = await newProject(bob, "Bob's project");
    await new WorkspacePage(page).goto(bobProject.id, aliceSession);
    await expect(page.getByTestId("session-not-found")).toBeVisible();
    await expect(page.getByText("alice's private words")).toHaveCount(0);
    expect(await statusOf(bob, `/api/chat-sessions/${aliceSession}`)).toBe(404);
  });

  test("9. an invalid session id in the URL shows a clear not-found state", async ({
    page,
    user,
  }) => {
    const project = await newProject(user);
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id, "no-such-session-0000");
    await expect(page.getByTestId("session-not-found")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Chat not found" })).toBeVisible();
    await page.getByRole("button", { name: "Open the latest chat" }).click();
    await page.waitForURL((url) => {
      const id = url.searchParams.get("session");
      return id !== null && id !== "no-such-session-0000";
    });
    await expect(page.getByTestId("empty-chat")).toBeVisible();
  });

  test("10. timestamps show the stored time, relative and exact, in the viewer's time zone", async ({
    user,
    openPage,
  }) => {
    const project = await newProject(user);
    const timezoneId = "Asia/Kolkata";
    const page = await openPage(user, { timezoneId });
    const workspace = new WorkspacePage(page);
    await workspace.goto(project.id);
    await workspace.send("what time is it?");
    await page.reload();
    const { messages } = (
      await user.api("GET", `/api/chat-messages?chatSessionId=${workspace.sessionId()}`)
    ).body;
    const times = page.getByTestId("message-time");
    await expect(times).toHaveCount(2);
    const exact = new Intl.DateTimeFormat("en", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: timezoneId,
    });
    for (const [index, message] of messages.entries()) {
      const time = times.nth(index);
      await expect(time).toHaveAttribute("datetime", message.createdAt);
      // The exact time is filled in once the page has hydrated (the viewer's time zone).
      await expect(time).toHaveAttribute("title", exact.format(new Date(message.createdAt)));
      await expect(time).toHaveText("just now");
    }
    await workspace.openSwitcher();
    const sessionTime = page.getByTestId("session-time").first();
    const { chatSession } = (await user.api("GET", `/api/chat-sessions/${workspace.sessionId()}`))
      .body;
    await expect(sessionTime).toHaveAttribute("datetime", chatSession.updatedAt);
    await expect(sessionTime).toHaveAttribute(
      "title",
      exact.format(new Date(chatSession.updatedAt)),
    );
  });
});
