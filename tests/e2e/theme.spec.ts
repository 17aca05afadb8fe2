// The colour theme: system, light or dark from the app header, remembered in this browser and
// on the page before its first paint, by an inline script that runs under the page's CSP.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** The user's projects page under the given system scheme, with CSP violations collected. */
async function open(page: Page, system: "light" | "dark") {
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

test.describe("colour theme", () => {
  test("is dark under a dark system on a page React renders in the browser too", async ({
    page: signedIn,
  }) => {
    const { page, violations } = await open(signedIn, "dark");
    expect(await look(page)).toEqual(DARK);
    // Next answers a missing project with its error shell, and React renders the page (and
    // resets <html>) in the browser.
    await page.goto("/projects/not-a-project");
    await expect(page.getByRole("heading", { name: "Project not found" })).toBeVisible();
    expect(await look(page)).toEqual(DARK);
    expect(violations).toEqual([]);
  });

  test("remembers dark through a reload, applied before the app's JavaScript runs", async ({
    page: signedIn,
  }) => {
    const { page, violations } = await open(signedIn, "light");
    expect(await look(page)).toEqual(LIGHT);
    await choose(page, "Dark");
    await expect.poll(() => look(page)).toEqual(DARK);

    // Without the app's bundles nothing but the inline script can set the class.
    await page.route("**/_next/static/**/*.js", (route) => route.abort());
    await page.reload();
    expect(await look(page)).toEqual(DARK);

    await page.unroute("**/_next/static/**/*.js");
    await page.reload();
    await expect(page.getByRole("button", { name: "Theme: Dark" })).toBeVisible();
    expect(await look(page)).toEqual(DARK);
    expect(violations).toEqual([]);
  });

  test("stays light when chosen by keyboard under a dark system, after a reload", async ({
    page: signedIn,
  }) => {
    const { page, violations } = await open(signedIn, "dark");
    await expect(page.getByRole("button", { name: "Theme: System" })).toBeVisible();
    expect(await look(page)).toEqual(DARK);

    await themeButton(page).focus();
    await page.keyboard.press("Enter");
    const system = page.getByRole("menuitemradio", { name: "System" });
    await expect(system).toBeFocused();
    await expect(system).toHaveAttribute("aria-checked", "true");
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("menuitemradio", { name: "Light" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(themeButton(page)).toHaveAccessibleName("Theme: Light");
    await expect.poll(() => look(page)).toEqual(LIGHT);
    // The browser's bar follows the choice, not the system.
    const barColour = page.locator('meta[name="theme-color"][media="all"]');
    await expect(barColour).toHaveAttribute("content", "#ffffff");

    await page.reload();
    expect(await look(page)).toEqual(LIGHT);
    await expect(barColour).toHaveAttribute("content", "#ffffff");
    await page.getByRole("button", { name: "Theme: Light" }).click();
    await expect(page.getByRole("menuitemradio", { name: "Light" })).toHaveAttribute(
      "aria-checked",
      "true",
    );
    expect(violations).toEqual([]);
  });

  test("follows the system on System, also when it changes", async ({ page: signedIn }) => {
    const { page } = await open(signedIn, "dark");
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
