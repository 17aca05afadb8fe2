// Stored XSS and the headers that back it up, in Chromium against the built app. Markup stored
// in message content, session names, project names, descriptions and file names is shown as
// the text it is: nothing runs (no dialog, no `window.__xss`), nothing is injected (no element
// with an event-handler attribute, no live javascript: link), and the Content-Security-Policy
// reports no violation while the app works. The CSP itself is checked to stop inline script
// that does get into the page.
import type { Page } from "@playwright/test";
import { expect, type TestUser, test } from "./fixtures";
import { ProjectsPage } from "./pages/projects-page";
import { WorkspacePage } from "./pages/workspace-page";

declare global {
  interface Window {
    __xss?: number;
    __cspViolations?: string[];
  }
}

/** Each one sets window.__xss (and opens a dialog) if it ever runs. */
const RAW_HTML = {
  script: "<script>window.__xss=1;alert('script')</script>",
  img: `<img src=x onerror="window.__xss=1;alert('img')">`,
  svg: `<svg onload="window.__xss=1;alert('svg')"><circle r="5"/></svg>`,
  mixed: `<div onmouseover="window.__xss=1">raw html</div><iframe src="javascript:window.__xss=1"></iframe><details open ontoggle="window.__xss=1;alert('details')"><summary>s</summary></details><a href="javascript:window.__xss=1">raw link</a>`,
};

/** Markdown whose links and images point at script. */
const MARKDOWN_LINKS = {
  link: "[click me](javascript:window.__xss=1;alert('link'))",
  entity: "[entity link](&#106;avascript:window.__xss=1)",
  reference: "[reference link][evil]\n\n[evil]: javascript:window.__xss=1",
  autolink: "<javascript:window.__xss=1>",
  image: "![picture](javascript:window.__xss=1)",
  data: "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
};

const SESSION_NAMES = [
  `<svg onload="window.__xss=1;alert('name')"> <script>alert(1)</script>`,
  `<img src=x onerror=alert(1)> [x](javascript:alert(1))`,
];
const PROJECT_NAMES = [`<script>window.__xss=1</script> Dashboard`, `<img src=x onerror=alert(1)>`];

interface Watch {
  dialogs: string[];
  cspConsole: string[];
  errors: string[];
}

/** Records the page's dialogs, CSP reports (console and events) and uncaught errors. */
async function watch(page: Page): Promise<Watch> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const seen: Watch = { dialogs: [], cspConsole: [], errors: [] };
  page.on("dialog", (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    const text = message.text();
    if (/content security policy/i.test(text)) seen.cspConsole.push(text);
  });
  page.on("pageerror", (error) => seen.errors.push(error.message));
  return seen;
}

/**
 * Resolves once every image in the page has loaded or failed, and the page has then run a task
 * of its own: an onerror or onload that markup could have smuggled in has had its turn.
 */
async function resourcesSettled(page: Page) {
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** Nothing ran and nothing was injected into the page as it is now. */
async function expectInert(page: Page, seen: Watch) {
  // Handlers such as onerror fire once the element has loaded (or failed to).
  await resourcesSettled(page);
  expect(seen.dialogs).toEqual([]);
  expect(seen.errors).toEqual([]);
  const dom = await page.evaluate(() => {
    const all = [...document.querySelectorAll("*")];
    return {
      xss: window.__xss,
      handlers: all.flatMap((el) =>
        [...el.attributes]
          .filter((a) => /^on/i.test(a.name))
          .map((a) => `<${el.tagName.toLowerCase()} ${a.name}>`),
      ),
      scriptLinks: [...document.querySelectorAll("a, iframe, img, form, object, embed")]
        .map(
          (el) =>
            el.getAttribute("href") ??
            el.getAttribute("src") ??
            el.getAttribute("action") ??
            el.getAttribute("data") ??
            "",
        )
        .filter((url) => /^\s*(javascript|data|vbscript):/i.test(url)),
      injected: all
        .filter((el) => el.closest("[data-testid=message], [data-testid=project-pane], main"))
        .filter((el) => ["SCRIPT", "IFRAME", "OBJECT", "EMBED", "DETAILS"].includes(el.tagName))
        .map((el) => el.outerHTML.slice(0, 80)),
      xImages: document.querySelectorAll('img[src="x"]').length,
      violations: (window.__cspViolations ?? []).filter((v) => v !== "script-src eval"),
    };
  });
  expect(dom).toEqual({
    xss: undefined,
    handlers: [],
    scriptLinks: [],
    injected: [],
    xImages: 0,
    violations: [],
  });
  expect(seen.cspConsole).toEqual([]);
}

async function storeEverything(user: TestUser) {
  const { project } = (
    await user.api("POST", "/api/projects", {
      name: PROJECT_NAMES[0],
      description: RAW_HTML.script,
    })
  ).body;
  await user.api("POST", "/api/projects", { name: PROJECT_NAMES[1], description: RAW_HTML.svg });
  const file = `${RAW_HTML.img}.md`;
  const patched = await user.api("PATCH", `/api/projects/${project.id}`, {
    files: { [file]: RAW_HTML.mixed },
  });
  expect(patched.status).toBe(200);
  const sessions: string[] = [];
  for (const name of SESSION_NAMES) {
    const res = await user.api("POST", "/api/chat-sessions", { projectId: project.id, name });
    expect(res.status).toBe(201);
    sessions.push(res.body.chatSession.id);
  }
  const contents = [...Object.values(RAW_HTML), ...Object.values(MARKDOWN_LINKS)];
  const sessionId = sessions[0] ?? "";
  for (const content of contents) {
    for (const role of ["user", "assistant"]) {
      const res = await user.api("POST", "/api/chat-messages", {
        chatSessionId: sessionId,
        role,
        content,
      });
      expect(res.status).toBe(201);
    }
  }
  return { projectId: project.id as string, sessionId, file, contents };
}

test.describe("stored XSS", () => {
  test("shows markup in messages, session names, project names and files as text, and runs none of it", async ({
    page,
    user,
  }) => {
    const stored = await storeEverything(user);
    const watched = await watch(page);
    const asShown = { useInnerText: true };

    // The dashboard: project names and descriptions.
    const projects = new ProjectsPage(page);
    await projects.goto();
    for (const name of PROJECT_NAMES) {
      await expect(projects.cards().filter({ hasText: name })).toBeVisible();
    }
    await expect(projects.cards()).toContainText([RAW_HTML.script], asShown);
    await expect(projects.cards()).toContainText([RAW_HTML.svg], asShown);
    await expectInert(page, watched);

    // The chat: every message, both as plain text (user) and as markdown (assistant).
    const workspace = new WorkspacePage(page);
    await workspace.goto(stored.projectId, stored.sessionId);
    await expect(workspace.messages()).toHaveCount(stored.contents.length * 2);
    // In the order they were stored: each user message holds its content as text.
    await expect(workspace.messages("user")).toContainText(stored.contents, asShown);
    const replies = workspace.messages("assistant");
    // Raw HTML in markdown is text, never markup (the raw HTML replies come first).
    await expect(replies).toContainText(Object.values(RAW_HTML), asShown);
    // Links and images keep their text, but no javascript: or data: target.
    for (const label of ["click me", "entity link", "reference link", "data link"]) {
      const link = replies.getByText(label, { exact: true });
      await expect(link.first()).toBeVisible();
      const href = await link.first().evaluate((el) => el.closest("a")?.getAttribute("href"));
      expect(href ?? "", label).not.toMatch(/^\s*(javascript|data):/i);
    }

    // The session's name in the header and in the switcher.
    await expect(workspace.currentName()).toHaveText(SESSION_NAMES[0] ?? "");
    await workspace.openSwitcher();
    await expect
      .poll(() => page.getByTestId("session-name").allTextContents())
      .toEqual(expect.arrayContaining(SESSION_NAMES));
    await page.keyboard.press("Escape");

    // The project pane: name, description, a file named and filled with markup.
    await expect(page.getByTestId("project-name")).toHaveText(PROJECT_NAMES[0] ?? "");
    await expect(page.getByTestId("project-pane").getByText(RAW_HTML.script)).toBeVisible();
    await page.getByRole("button", { name: stored.file }).click();
    await expect(page.getByTestId("file-viewer")).toHaveText(RAW_HTML.mixed);
    await expectInert(page, watched);

    // Markup typed into the composer, and the offline model's reply quoting it, live.
    await workspace.send(`${RAW_HTML.img} ${MARKDOWN_LINKS.link}`);
    await expect(workspace.messages("assistant").last().getByText("offline model")).toBeVisible();
    await expect(workspace.messages("user").last()).toContainText(RAW_HTML.img);
    await expectInert(page, watched);
  });
});

test.describe("Content-Security-Policy", () => {
  test("blocks inline script and event handlers that get into a page", async ({ page }) => {
    const watched = await watch(page);
    await new ProjectsPage(page).goto();
    await expect(page.getByRole("button", { name: "New project" })).toBeVisible();
    // As if a sanitiser had failed: markup put straight into the document. (A script that
    // already runs could add more script: 'strict-dynamic' trusts it. CSP is the second line
    // against markup, not against code.)
    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        "beforeend",
        [
          `<img src="/missing.png" onerror="window.__xss=1">`,
          `<iframe srcdoc="<script>parent.__xss=2</script>"></iframe>`,
          `<a id="probe-link" href="javascript:window.__xss=3">probe</a>`,
        ].join(""),
      );
    });
    await page.locator("#probe-link").click();
    const reports = () => page.evaluate(() => window.__cspViolations ?? []);
    // The handler, the framed inline script and the javascript: URL: all three refused, each
    // with a console report (the frame's own violation event stays in the frame).
    await expect.poll(() => watched.cspConsole.length).toBe(3);
    expect(watched.cspConsole.some((m) => m.includes("inline event handler"))).toBe(true);
    expect(watched.cspConsole.some((m) => m.includes("JavaScript URL"))).toBe(true);
    // the violation events may land after the console messages
    await expect.poll(reports).toHaveLength(2);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    for (const report of await reports()) {
      expect(report).toMatch(/^script-src(-attr|-elem)? inline$/);
    }
    expect(watched.dialogs).toEqual([]);
  });

  test("is sent with every page, with a fresh nonce that Next puts on its scripts", async ({
    baseURL,
  }) => {
    const nonces = new Set<string>();
    for (const path of ["/sign-in", "/sign-in", "/sign-up"]) {
      const res = await fetch(`${baseURL}${path}`);
      expect(res.status).toBe(200);
      const policy = res.headers.get("content-security-policy") ?? "";
      const directives = new Map(
        policy.split(";").map((d) => {
          const [name = "", ...values] = d.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      const scriptSrc = directives.get("script-src") ?? [];
      const nonce = scriptSrc.find((v) => v.startsWith("'nonce-"))?.slice(7, -1) ?? "";
      expect(nonce.length).toBeGreaterThanOrEqual(16);
      nonces.add(nonce);
      expect(scriptSrc).toContain("'strict-dynamic'");
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(scriptSrc.some((v) => v === "*" || v.endsWith(":"))).toBe(false);
      expect(directives.get("default-src")).toEqual(["'self'"]);
      expect(directives.get("object-src")).toEqual(["'none'"]);
      expect(directives.get("base-uri")).toEqual(["'none'"]);
      expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
      expect(directives.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
      expect(directives.get("connect-src")).toEqual(["'self'"]);
      // Every script in the page carries the nonce; none runs without it.
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });
});

test.describe("security headers", () => {
  const common = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
  };

  const headersOf = (res: Response) =>
    Object.fromEntries(Object.keys(common).map((k) => [k, res.headers.get(k)]));

  test("are on pages, API answers and static files", async ({ baseURL }) => {
    const page = await fetch(`${baseURL}/sign-in`);
    expect(headersOf(page)).toEqual(common);
    expect(page.headers.get("permissions-policy")).toMatch(/camera=\(\).*microphone=\(\)/);
    expect(page.headers.get("x-powered-by")).toBeNull();

    // A static chunk the page loads.
    const html = await page.text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const chunk = await fetch(`${baseURL}${asset}`);
    expect(chunk.status).toBe(200);
    expect(headersOf(chunk)).toEqual(common);

    // API answers: data, never a document, with a policy that lets nothing load or run.
    for (const path of ["/api/health", "/api/projects"]) {
      const res = await fetch(`${baseURL}${path}`);
      expect(headersOf(res), path).toEqual(common);
      expect(res.headers.get("content-security-policy"), path).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
    }
  });
});
