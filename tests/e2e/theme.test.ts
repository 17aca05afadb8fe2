// The colour theme: the dark class on <html>, set before the first paint by an inline script
// that runs under the page's CSP.
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
});
