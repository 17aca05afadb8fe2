// A tab whose live connection was closed (here: the user opened more streams than allowed, so
// the server closed this tab's, the oldest) reconnects when it is shown again and catches up on
// what it missed: the new message, the session's new name.
import { expect, liveStreamOpened, test } from "./fixtures";
import { WorkspacePage } from "./pages/workspace-page";

const LIVE_CONNECTIONS_PER_USER = 10; // the app's default
const streams: AbortController[] = [];
test.afterEach(() => {
  for (const stream of streams.splice(0)) stream.abort();
});

/** Opens /api/events as the user from outside the browser; resolves once it is registered. */
async function openStream(baseURL: string, cookie: string): Promise<void> {
  const controller = new AbortController();
  streams.push(controller);
  const res = await fetch(`${baseURL}/api/events`, {
    headers: { cookie },
    signal: controller.signal,
  });
  const reader = res.body?.getReader();
  await reader?.read(); // the first frame (retry:) comes once the stream is registered
}

test("catches up after its live connection was closed, once shown again", async ({
  page,
  user,
  baseURL,
}) => {
  const { project } = (await user.api("POST", "/api/projects", { name: "Resync" })).body;
  const { chatSession } = (
    await user.api("POST", "/api/chat-sessions", { projectId: project.id, name: "Before" })
  ).body;
  const workspace = new WorkspacePage(page);
  let eventStreams = 0;
  page.on("request", (request) => {
    if (request.url().endsWith("/api/events")) eventStreams += 1;
  });
  const opened = await liveStreamOpened(page);
  await workspace.goto(project.id, chatSession.id);
  await opened();

  // Ten more streams: the tab's, the oldest, is closed by the server.
  for (let n = 0; n < LIVE_CONNECTIONS_PER_USER; n++) await openStream(baseURL ?? "", user.cookie);
  // Meanwhile, elsewhere: a message and a rename the tab hears nothing of.
  await user.api("POST", "/api/chat-messages", {
    chatSessionId: chatSession.id,
    role: "user",
    content: "written while this tab was not listening",
  });
  await user.api("PATCH", `/api/chat-sessions/${chatSession.id}`, { name: "After" });
  expect(eventStreams).toBe(1);

  // The user comes back to the tab: it opens a new stream (it had none) and re-reads.
  const reopened = page.waitForRequest((r) => r.url().endsWith("/api/events"));
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await reopened;
  await expect(
    workspace.messages().getByText("written while this tab was not listening"),
  ).toBeVisible();
  await expect(workspace.currentName()).toHaveText("After");
});
