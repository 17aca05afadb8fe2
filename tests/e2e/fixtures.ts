// What every spec imports instead of @playwright/test: `import { expect, test } from "./fixtures"`.
//
// Fixtures (each test gets its own; a spec asks only for what it uses):
//   user       a fresh user, signed up through the API (only the sign-in form's test uses the UI).
//   page       Playwright's page, already signed in as `user`; the viewport is the config's
//              (DESKTOP) unless the spec says `test.use({ viewport: PHONE })`.
//   newUser()  one more fresh user, for tests with two (an owner and a stranger).
//   openPage(user, { viewport, timezoneId })
//              a page in a browser context of its own, signed in as `user` (null: signed out),
//              closed after the test; traced and screenshotted on failure like `page`.
// A user's `api(method, path, body)` calls the JSON API with its cookie (arrange and check
// through the API; act through the page).
import type { BrowserContext, Page } from "@playwright/test";
import { test as base, expect } from "@playwright/test";

export { expect };

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

export interface TestUser {
  email: string;
  password: string;
  /** `name=value` of the session cookie. */
  cookie: string;
  /** Calls the app's JSON API as this user. */
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  timezoneId?: string;
}

let counter = 0;

/** A new user signed up through the API of the app at `baseURL`. */
export async function createUser(baseURL: string): Promise<TestUser> {
  counter += 1;
  const email = `e2e-${Date.now()}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = "e2e password 123";
  const res = await fetch(`${baseURL}/api/auth/sign-up/email`, {
    method: "POST",
    // Node's fetch sends Sec-Fetch-Mode like a browser, so it must say where it comes from too.
    headers: { "content-type": "application/json", origin: baseURL },
    body: JSON.stringify({ name: `Tester ${counter}`, email, password }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie =
    (res.headers.getSetCookie().find((c) => c.includes("session_token=")) ?? "").split(";")[0] ??
    "";
  return {
    email,
    password,
    cookie,
    async api(method, apiPath, body) {
      const response = await fetch(`${baseURL}${apiPath}`, {
        method,
        headers: {
          cookie,
          origin: baseURL,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
  };
}

/** Puts the user's session cookie into a browser context. */
export async function signIn(
  context: BrowserContext,
  user: Pick<TestUser, "cookie">,
  url: string,
): Promise<void> {
  const [name, ...value] = user.cookie.split("=");
  await context.addCookies([{ name: name ?? "", value: value.join("="), url }]);
}

const requireBaseURL = (baseURL: string | undefined) => {
  if (!baseURL) throw new Error("playwright.config.ts sets use.baseURL");
  return baseURL;
};

export const test = base.extend<{
  user: TestUser;
  newUser: () => Promise<TestUser>;
  openPage: (user: TestUser | null, options?: PageOptions) => Promise<Page>;
}>({
  user: async ({ baseURL }, use) => {
    await use(await createUser(requireBaseURL(baseURL)));
  },
  newUser: async ({ baseURL }, use) => {
    await use(() => createUser(requireBaseURL(baseURL)));
  },
  page: async ({ page, user, baseURL }, use) => {
    await signIn(page.context(), user, requireBaseURL(baseURL));
    await use(page);
  },
  openPage: async ({ browser, baseURL }, use) => {
    const url = requireBaseURL(baseURL);
    const contexts: BrowserContext[] = [];
    await use(async (user, { viewport = DESKTOP, timezoneId } = {}) => {
      const context = await browser.newContext({ baseURL: url, viewport, timezoneId });
      contexts.push(context);
      if (user) await signIn(context, user, url);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

/**
 * Resolves once the page's live-event stream (GET /api/events) has received its first bytes:
 * the server sends its first frame once the stream counts (it is registered and subscribed),
 * so events published after that reach the tab. Call it before the navigation that opens the
 * stream; it watches through a CDP session of its own.
 */
export async function liveStreamOpened(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const streams = new Set<string>();
  cdp.on("Network.requestWillBeSent", (event) => {
    if (new URL(event.request.url).pathname === "/api/events") streams.add(event.requestId);
  });
  const opened = new Promise<void>((resolve) => {
    cdp.on("Network.dataReceived", (event) => {
      if (streams.has(event.requestId)) resolve();
    });
  });
  return async () => {
    await opened;
    await cdp.detach().catch(() => {});
  };
}
