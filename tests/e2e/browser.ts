// Debian's Chromium driven by playwright-core, and users signed in through the API.
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { launchChromium } from "../../bench/lib";

export const baseURL = () => inject("baseURL");

export const launchBrowser = launchChromium;

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

let counter = 0;

export interface TestUser {
  email: string;
  password: string;
  cookie: string;
  /** Calls the app's JSON API as this user. */
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/** A new user signed up through the API (the UI login has its own test). */
export async function createUser(): Promise<TestUser> {
  counter += 1;
  const email = `e2e-${Date.now()}-${counter}@example.com`;
  const password = "e2e password 123";
  const res = await fetch(`${baseURL()}/api/auth/sign-up/email`, {
    method: "POST",
    // Node's fetch sends Sec-Fetch-Mode like a browser, so it must say where it comes from too.
    headers: { "content-type": "application/json", origin: baseURL() },
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
      const response = await fetch(`${baseURL()}${apiPath}`, {
        method,
        headers: {
          cookie,
          origin: baseURL(),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
  };
}

/** A browser context (own cookies) already signed in as the user. */
export async function signedInContext(
  browser: Browser,
  user: TestUser,
  viewport = DESKTOP,
  options: { timezoneId?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, baseURL: baseURL(), ...options });
  const [name, ...value] = user.cookie.split("=");
  await context.addCookies([{ name: name ?? "", value: value.join("="), url: baseURL() }]);
  return context;
}

/** Saves a screenshot under the ignored test-results folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve("test-results/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/**
 * One Chromium for a test file. Contexts made through it are closed after each test, so a
 * failing test leaves nothing open for the next.
 */
export function setUpBrowser() {
  let browser: Browser | undefined;
  const open: BrowserContext[] = [];
  const started = () => {
    if (!browser) throw new Error("setUpBrowser(): the browser starts in beforeAll");
    return browser;
  };
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((context) => context.close()));
  });
  afterAll(() => browser?.close());
  const track = (context: BrowserContext) => {
    open.push(context);
    return context;
  };
  return {
    /** A signed-out context. */
    guest: async (viewport = DESKTOP) =>
      track(await started().newContext({ viewport, baseURL: baseURL() })),
    /** A context signed in as the user. */
    signedIn: async (user: TestUser, viewport = DESKTOP, options: { timezoneId?: string } = {}) =>
      track(await signedInContext(started(), user, viewport, options)),
  };
}
