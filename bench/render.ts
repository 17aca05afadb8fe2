// npm run bench:render — the chat's rendering cost in Chromium, on the built app:
//   1. main-thread time per streamed chunk while a 20,000-character reply with code blocks
//      streams in (a fake OpenAI-compatible model sends it word by word);
//   2. frames per second while a 300-message session is scrolled from top to bottom.
// Main-thread time is Chromium's own TaskDuration (CDP Performance.getMetrics): every task the
// renderer's main thread ran, script, style, layout and paint alike.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { startApp } from "../scripts/app-harness";
import { startFakeOpenAI } from "../tests/helpers/fake-openai";
import { launchChromium, postJson, signUpCookie } from "./lib";
import { longReply } from "./long-reply";

const PORT = Number(process.env.BENCH_PORT ?? 3470);
const ROUNDS = Number(process.env.BENCH_RENDER_ROUNDS ?? 3);
const REPLY_CHARS = 20_000;
const SESSION_MESSAGES = 300;

async function main() {
  const fake = await startFakeOpenAI();
  const reply = longReply(REPLY_CHARS);
  // The fake joins its words with single spaces: split on them and the text comes back exactly.
  fake.behaviour = { words: reply.split(" "), delayMs: 2 };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-bench-render-"));
  const app = await startApp({
    port: PORT,
    env: {
      CRAFT_DATA_DIR: dataDir,
      AI_PROVIDER: "openai-compatible",
      AI_BASE_URL: fake.url,
      AI_MODEL: "fake",
      AUTH_RATE_LIMIT_PER_MINUTE: "0",
      CHAT_RATE_LIMIT_PER_MINUTE: "1000",
    },
  });
  const browser = await launchChromium();
  try {
    const cookie = await signUpCookie(app.url);
    const { project } = await postJson<{ project: { id: string } }>(
      `${app.url}/api/projects`,
      cookie,
      { name: "Render bench" },
    );
    const newSession = async () =>
      (
        await postJson<{ chatSession: { id: string } }>(`${app.url}/api/chat-sessions`, cookie, {
          projectId: project.id,
        })
      ).chatSession.id;
    const open = async (sessionId: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const [name, ...value] = cookie.split("=");
      await context.addCookies([{ name: name ?? "", value: value.join("="), url: app.url }]);
      const page = await context.newPage();
      await page.goto(`${app.url}/projects/${project.id}?session=${sessionId}`);
      await page.getByRole("textbox", { name: "Message" }).waitFor();
      return page;
    };

    const page = await open(await newSession());
    const js = (await page.evaluate(SCRIPT_BYTES)) as { decoded: number; encoded: number };
    await page.context().close();

    const streaming: { perChunk: number; longTasks: number; longest: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const page = await open(await newSession());
      streaming.push(await mainThreadPerChunk(page, fake.behaviour.words.length));
      await page.context().close();
    }

    const seeded = await newSession();
    for (let i = 0; i < SESSION_MESSAGES; i++) {
      await postJson(`${app.url}/api/chat-messages`, cookie, {
        chatSessionId: seeded,
        role: i % 2 === 0 ? "user" : "assistant",
        content: i % 2 === 0 ? `Question ${i}: how do I add plan ${i}?` : longReply(1_200),
      });
    }
    const scrolling: { fps: number; p95: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const page = await open(seeded);
      scrolling.push(await scrollFrames(page, SESSION_MESSAGES));
      await page.context().close();
    }

    console.log(
      `project page scripts: ${(js.decoded / 1024).toFixed(0)} KiB (${(js.encoded / 1024).toFixed(0)} KiB compressed)`,
    );
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    console.log(
      `streaming a ${REPLY_CHARS}-character reply in ${fake.behaviour.words.length} chunks: ` +
        `main thread ${streaming.map((v) => v.perChunk.toFixed(2)).join(" / ")} ms per chunk ` +
        `(median ${median(streaming.map((v) => v.perChunk))?.toFixed(2)}); long tasks ` +
        `${streaming.map((v) => v.longTasks).join(" / ")}, the longest ` +
        `${streaming.map((v) => v.longest.toFixed(0)).join(" / ")} ms`,
    );
    console.log(
      `scrolling ${SESSION_MESSAGES} messages: ${scrolling.map((s) => s.fps.toFixed(1)).join(" / ")} fps ` +
        `(median ${median(scrolling.map((s) => s.fps))?.toFixed(1)}), frame interval p95 ` +
        `${median(scrolling.map((s) => s.p95))?.toFixed(1)} ms`,
    );
  } finally {
    await browser.close();
    await app.stop();
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Sends a question and waits for the whole reply: main-thread ms per streamed chunk, and the
 * long tasks meanwhile.
 */
async function mainThreadPerChunk(page: Page, chunks: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const taskTime = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return (metrics.find((m) => m.name === "TaskDuration")?.value ?? 0) * 1000;
  };
  await page.evaluate(LONG_TASKS);
  const before = await taskTime();
  await page
    .getByRole("textbox", { name: "Message" })
    .fill("Write the pricing page, step by step.");
  await page.keyboard.press("Enter");
  const reply = page.locator('[data-role="assistant"]').last();
  await reply.and(page.locator('[data-status="complete"]')).waitFor({ timeout: 300_000 });
  const perChunk = ((await taskTime()) - before) / chunks;
  const long = (await page.evaluate("window.longTasks")) as number[];
  return { perChunk, longTasks: long.length, longest: Math.max(0, ...long) };
}

/** Collects the page's long tasks (over 50 ms: the ones a user can feel) from now on. */
const LONG_TASKS = `window.longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
}).observe({ type: "longtask" })`;

/** Loads every message, then scrolls top to bottom one step per frame; frames per second. */
async function scrollFrames(page: Page, messages: number) {
  const scroller = page.getByTestId("message-scroller");
  const items = page.locator('[data-testid="message"]');
  for (let tries = 0; (await items.count()) < messages; tries++) {
    const count = await items.count();
    if (tries === 60) throw new Error(`only ${count} of ${messages} messages loaded`);
    await scroller.evaluate((node) => node.scrollTo({ top: 0 }));
    await page
      .waitForFunction(
        (n) => document.querySelectorAll('[data-testid="message"]').length > n,
        count,
        {
          timeout: 5_000,
        },
      )
      .catch(() => {}); // scrolled to the top before the last page was in: scroll again
  }
  await scroller.evaluate((node) => node.scrollTo({ top: 0 }));
  return page.evaluate(SCROLL_PROBE) as Promise<{ fps: number; p95: number }>;
}

/** The JavaScript the page loaded: bytes as run, and as sent (compressed). */
const SCRIPT_BYTES = `performance.getEntriesByType("resource")
  .filter((e) => new URL(e.name).pathname.endsWith(".js"))
  .reduce((sum, e) => ({ decoded: sum.decoded + e.decodedBodySize, encoded: sum.encoded + e.encodedBodySize }), { decoded: 0, encoded: 0 })`;

/**
 * Scrolls the message list 60 px per frame to its end, timing every frame. A string, not a
 * function: tsx would add its own helpers to a function's source, which the page does not have.
 */
const SCROLL_PROBE = `new Promise((resolve) => {
  const node = document.querySelector('[data-testid="message-scroller"]');
  const stamps = [];
  const step = (now) => {
    stamps.push(now);
    node.scrollTop += 60;
    if (node.scrollTop + node.clientHeight < node.scrollHeight - 1) return requestAnimationFrame(step);
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
    const seconds = (stamps[stamps.length - 1] - stamps[0]) / 1000;
    resolve({ fps: (stamps.length - 1) / seconds, p95: gaps[Math.floor(gaps.length * 0.95)] });
  };
  requestAnimationFrame(step);
})`;

await main();
