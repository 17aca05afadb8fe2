// The colour theme: system, light or dark from the app header, remembered in this browser and
// on the page before its first paint, by an inline script that runs under the page's CSP.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createUser, setUpBrowser } from "./browser";

const chromium = setUpBrowser();

/** A new user's projects page under the given system scheme, with CSP violations collected. */
async function open(system: "light" | "dark") {
  const page = await (await chromium.signedIn(await createUser())).newPage();
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  await page.emulateMedia({ colorScheme: system });
  await page.goto("/projects");
  return { page, violations };
}

const themeButton = (page: Page) => page.getByRole("button", { name: /^Theme: / });

async function choose(page: Page, theme: "System" | "Light" | "Dark") {
  await themeButton(page).click();
  await page.getByRole("menuitemradio", { name: theme }).click();
}

/** What the page shows: the class, the native controls' scheme, whether the body is bright. */
function look(page: Page) {
  return page.evaluate(() => {
    const context = document.createElement("canvas").getContext("2d");
    if (!context) throw new Error("no 2d canvas");
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data;
    const html = document.documentElement;
    const dark = html.classList.contains("dark");
    return { dark, scheme: getComputedStyle(html).colorScheme, bright: (r + g + b) / 3 > 128 };
  });
}

const DARK = { dark: true, scheme: "dark", bright: false };
const LIGHT = { dark: false, scheme: "light", bright: true };

describe("colour theme", () => {
  it("is dark under a dark system on a page React renders in the browser too", async () => {
    const { page, violations } = await open("dark");
    expect(await look(page)).toEqual(DARK);
    // Next answers a missing project with its error shell, and React renders the page (and
    // resets <html>) in the browser.
    await page.goto("/projects/not-a-project");
    await page.getByRole("heading", { name: "Project not found" }).waitFor();
    expect(await look(page)).toEqual(DARK);
    expect(violations).toEqual([]);
  });

  it("remembers dark through a reload, applied before the app's JavaScript runs", async () => {
    const { page, violations } = await open("light");
    expect(await look(page)).toEqual(LIGHT);
    await choose(page, "Dark");
    await expect.poll(() => look(page)).toEqual(DARK);

    // Without the app's bundles nothing but the inline script can set the class.
    await page.route("**/_next/static/**/*.js", (route) => route.abort());
    await page.reload();
    expect(await look(page)).toEqual(DARK);

    await page.unroute("**/_next/static/**/*.js");
    await page.reload();
    await page.getByRole("button", { name: "Theme: Dark" }).waitFor();
    expect(await look(page)).toEqual(DARK);
    expect(violations).toEqual([]);
  });

  it("stays light when chosen by keyboard under a dark system, after a reload", async () => {
    const { page, violations } = await open("dark");
    await page.getByRole("button", { name: "Theme: System" }).waitFor();
    expect(await look(page)).toEqual(DARK);

    await themeButton(page).focus();
    await page.keyboard.press("Enter");
    const system = page.getByRole("menuitemradio", { name: "System" });
    await expect.poll(() => system.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await system.getAttribute("aria-checked")).toBe("true");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect.poll(() => look(page)).toEqual(LIGHT);

    await page.reload();
    expect(await look(page)).toEqual(LIGHT);
    await page.getByRole("button", { name: "Theme: Light" }).click();
    expect(
      await page.getByRole("menuitemradio", { name: "Light" }).getAttribute("aria-checked"),
    ).toBe("true");
    expect(violations).toEqual([]);
  });

  it("follows the system on System, also when it changes", async () => {
    const { page } = await open("dark");
    await choose(page, "Light");
    await expect.poll(() => look(page)).toEqual(LIGHT);
    await choose(page, "System");
    await expect.poll(() => look(page)).toEqual(DARK);

    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(() => look(page)).toEqual(LIGHT);
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(() => look(page)).toEqual(DARK);
    await page.reload();
    expect(await look(page)).toEqual(DARK);
  });
});
