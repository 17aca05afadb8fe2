// The spec's Testing Checklist, one test per item, in Chromium against the built app.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createUser, setUpBrowser, type TestUser } from "./browser";
import { ProjectsPage } from "./pages/projects-page";
import { WorkspacePage } from "./pages/workspace-page";

const chromium = setUpBrowser();

async function open(user: TestUser, options: { timezoneId?: string } = {}) {
  const context = await chromium.signedIn(user, undefined, options);
  const page = await context.newPage();
  return { context, page, workspace: new WorkspacePage(page) };
}

async function newProject(user: TestUser, name = "Checklist project") {
  return (await user.api("POST", "/api/projects", { name, description: "e2e" })).body.project as {
    id: string;
  };
}

const visibleTexts = (page: Page) => page.getByTestId("message").allInnerTexts();

describe("spec testing checklist", () => {
  it("1. a new project opens on a default session, created once", async () => {
    const user = await createUser();
    const project = await newProject(user);
    const { page, workspace } = await open(user);
    await workspace.goto(project.id);
    await expect.poll(() => workspace.currentName().textContent()).toBe("New Chat");
    await page.reload();
    const { chatSessions } = (await user.api("GET", `/api/chat-sessions?projectId=${project.id}`))
      .body;
    expect(chatSessions).toHaveLength(1);
    expect(chatSessions[0].id).toBe(workspace.sessionId());
    expect(chatSessions[0].name).toBe("New Chat");
  });

  it("2. sent messages are saved: in the API and after a reload", async () => {
    const user = await createUser();
    const project = await newProject(user);
    const { page, workspace } = await open(user);
    await workspace.goto(project.id);
    await workspace.send("Remember this: the sky is teal");
    const { messages } = (
      await user.api("GET", `/api/chat-messages?chatSessionId=${workspace.sessionId()}`)
    ).body;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[0].content).toBe("Remember this: the sky is teal");
    expect(messages[1].status).toBe("complete");
    await page.reload();
    await expect.poll(() => workspace.messages().count()).toBe(2);
    expect((await visibleTexts(page))[0]).toContain("Remember this: the sky is teal");
    expect((await visibleTexts(page))[1]).toContain("offline model");
  });

  it("3. a project holds several sessions", async () => {
    const user = await createUser();
    const project = await newProject(user);
    const { workspace } = await open(user);
    await workspace.goto(project.id);
    const first = workspace.sessionId();
    const second = await workspace.newChat();
    const third = await workspace.newChat();
    expect(new Set([first, second, third]).size).toBe(3);
    await workspace.openSwitcher();
    await expect.poll(() => workspace.sessionItems().count()).toBe(3);
    const { chatSessions } = (await user.api("GET", `/api/chat-sessions?projectId=${project.id}`))
      .body;
    expect(chatSessions.map((s: { id: string }) => s.id)).toEqual([third, second, first]);
  });

  it("4. switching sessions shows that session's messages and nothing else", async () => {
    const user = await createUser();
    const project = await newProject(user);
    const { page, workspace } = await open(user);
    await workspace.goto(project.id);
    const alpha = workspace.sessionId();
    await workspace.send("alpha message");
    const beta = await workspace.newChat();
    await workspace.send("beta message");
    await workspace.selectSession(alpha);
    await expect.poll(() => workspace.messages().count()).toBe(2);
    const texts = (await visibleTexts(page)).join("\n");
    expect(texts).toContain("alpha message");
    expect(texts).not.toContain("beta message");
    await workspace.selectSession(beta);
    await expect.poll(async () => (await visibleTexts(page)).join("\n")).toContain("beta message");
    expect((await visibleTexts(page)).join("\n")).not.toContain("alpha message");
    // Back and forward move between sessions too: the session is in the URL.
    await page.goBack();
    await page.waitForURL(new RegExp(`session=${alpha}`));
    await expect.poll(async () => (await visibleTexts(page)).join("\n")).toContain("alpha message");
  });

  it("5. a refresh keeps the session and its messages", async () => {
    const user = await createUser();
    const project = await newProject(user);
    const { page, workspace } = await open(user);
    await workspace.goto(project.id);
    await workspace.newChat();
    await workspace.send("still here after a refresh?");
    const session = workspace.sessionId();
    await page.reload();
    expect(workspace.sessionId()).toBe(session);
    await expect
      .poll(() => workspace.currentName().textContent())
      .toBe("still here after a refresh?");
    await expect.poll(() => workspace.messages().count()).toBe(2);
  });

  it("6. deleting a session deletes its messages", async () => {
    const user = await createUser();
    const project = await newProject(user);
    const { page, workspace } = await open(user);
    await workspace.goto(project.id);
    const keep = workspace.sessionId();
    const doomed = await workspace.newChat();
    await workspace.send("delete me with my session");
    await workspace.deleteSession(doomed);
    await page.waitForURL(new RegExp(`session=${keep}`));
    expect((await user.api("GET", `/api/chat-sessions/${doomed}`)).status).toBe(404);
    expect((await user.api("GET", `/api/chat-messages?chatSessionId=${doomed}`)).status).toBe(404);
    const { chatSessions } = (await user.api("GET", `/api/chat-sessions?projectId=${project.id}`))
      .body;
    expect(chatSessions.map((s: { id: string }) => s.id)).toEqual([keep]);
  });

  it("7. deleting a project deletes its sessions", async () => {
    const user = await createUser();
    const project = await newProject(user, "Project to delete");
    const { page, workspace } = await open(user);
    await workspace.goto(project.id);
    await workspace.send("a message in a doomed project");
    const session = workspace.sessionId();
    const projects = new ProjectsPage(page);
    await projects.goto();
    await projects.delete("Project to delete");
    expect((await user.api("GET", `/api/chat-sessions/${session}`)).status).toBe(404);
    expect((await user.api("GET", `/api/chat-sessions?projectId=${project.id}`)).status).toBe(404);
    await page.reload();
    expect(await projects.cards().count()).toBe(0);
  });

  it("8. two users never see each other's projects or sessions", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const project = await newProject(alice, "Alice's secret project");
    const { context, workspace } = await open(alice);
    await workspace.goto(project.id);
    await workspace.send("alice's private words");
    const aliceSession = workspace.sessionId();
    await context.close();

    const bobView = await open(bob);
    await bobView.page.goto("/projects");
    expect(await bobView.page.getByText("Alice's secret project").count()).toBe(0);
    await bobView.page.goto(`/projects/${project.id}?session=${aliceSession}`);
    await bobView.page.getByText("Project not found").waitFor();
    const bobProject = await newProject(bob, "Bob's project");
    await bobView.workspace.goto(bobProject.id, aliceSession);
    await bobView.page.getByTestId("session-not-found").waitFor();
    expect(await bobView.page.getByText("alice's private words").count()).toBe(0);
    expect((await bob.api("GET", `/api/chat-sessions/${aliceSession}`)).status).toBe(404);
  });

  it("9. an invalid session id in the URL shows a clear not-found state", async () => {
    const user = await createUser();
    const project = await newProject(user);
    const { page, workspace } = await open(user);
    await workspace.goto(project.id, "no-such-session-0000");
    await page.getByTestId("session-not-found").waitFor();
    expect(await page.getByRole("heading", { name: "Chat not found" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Open the latest chat" }).click();
    await page.waitForURL((url) => {
      const id = url.searchParams.get("session");
      return id !== null && id !== "no-such-session-0000";
    });
    await page.getByTestId("empty-chat").waitFor();
  });

  it("10. timestamps show the stored time, relative and exact, in the viewer's time zone", async () => {
    const user = await createUser();
    const project = await newProject(user);
    const timezoneId = "Asia/Kolkata";
    const { page, workspace } = await open(user, { timezoneId });
    await workspace.goto(project.id);
    await workspace.send("what time is it?");
    await page.reload();
    const { messages } = (
      await user.api("GET", `/api/chat-messages?chatSessionId=${workspace.sessionId()}`)
    ).body;
    const times = page.getByTestId("message-time");
    await expect.poll(() => times.count()).toBe(2);
    const exact = new Intl.DateTimeFormat("en", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: timezoneId,
    });
    for (const [index, message] of messages.entries()) {
      const time = times.nth(index);
      expect(await time.getAttribute("datetime")).toBe(message.createdAt);
      // The exact time is filled in once the page has hydrated (the viewer's time zone).
      await expect
        .poll(() => time.getAttribute("title"))
        .toBe(exact.format(new Date(message.createdAt)));
      expect(await time.textContent()).toBe("just now");
    }
    await workspace.openSwitcher();
    const sessionTime = page.getByTestId("session-time").first();
    const { chatSession } = (await user.api("GET", `/api/chat-sessions/${workspace.sessionId()}`))
      .body;
    expect(await sessionTime.getAttribute("datetime")).toBe(chatSession.updatedAt);
    await expect
      .poll(() => sessionTime.getAttribute("title"))
      .toBe(exact.format(new Date(chatSession.updatedAt)));
  });
});
