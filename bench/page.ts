// npm run bench:page — the project page as a user opens it: the first byte of its HTML
// (/projects/[id]?session=..., one connection, signed in) and, in Chromium, the time until the
// chat's newest message is on screen. bench/run.ts runs the same measure on its PostgreSQL data.
import http from "node:http";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./lib";
import { machineBusyBetween, machineCpu } from "./system";

export const PAGE_WARMUP = 5;

export interface PageTarget {
  label: string;
  /** Messages the chat holds. */
  messages: number;
  sessionId: string;
  /** The id of the chat's newest message: the one that must end up on screen. */
  newestMessageId: string;
}

export interface PageRow {
  label: string;
  messages: number;
  rounds: number;
  browserRounds: number;
  /** Request sent → first byte of the answer (its status line): curl's time_starttransfer. */
  ttfbP50: number;
  ttfbP90: number;
  /** Request sent → last byte of the HTML. */
  htmlP50: number;
  htmlBytes: number;
  /** In Chromium, from navigation start: the document's first byte, and the newest message visible. */
  browserTtfbP50: number;
  visibleP50: number;
  visibleP90: number;
  /** Share of the machine's CPU in use while Chromium measured (ours and other processes'). */
  machineBusy: number;
}

const median = (values: number[]) => quantile(values, 0.5);

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] ?? Number.NaN) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (at - lo);
}

/**
 * Checked on every frame from the document's start: the newest message's box inside the window
 * and inside the message scroller's visible part. A string, not a function: tsx would add its
 * own helpers to a function's source, which the page does not have.
 */
function newestVisibleProbe(messageId: string): string {
  return `(() => {
    const selector = '[data-message-id="' + CSS.escape(${JSON.stringify(messageId)}) + '"]';
    const check = () => {
      const node = document.querySelector(selector);
      if (node) {
        const box = node.getBoundingClientRect();
        const scroller = node.closest('[data-testid="message-scroller"]');
        const view = scroller ? scroller.getBoundingClientRect() : { top: 0, bottom: innerHeight };
        const top = Math.max(0, view.top);
        const bottom = Math.min(innerHeight, view.bottom);
        if (box.height > 0 && box.bottom > top && box.top < bottom) {
          window.__newestVisibleAt = performance.now();
          return;
        }
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();`;
}

/**
 * On a shared machine, waits (up to `maxSeconds`) until the CPUs are mostly idle before a
 * series: the app is idle between series, so what is busy then is someone else.
 */
async function waitForQuiet(maxSeconds: number): Promise<void> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const before = machineCpu();
    await new Promise((r) => setTimeout(r, 1000));
    if (machineBusyBetween(before, machineCpu()) <= 0.2 || Date.now() > deadline) return;
  }
}

/** One GET over the kept-alive agent: ms to the first byte and to the end, and the size. */
function timedGet(
  url: URL,
  cookie: string,
  agent: http.Agent,
): Promise<{ first: number; done: number; bytes: number; status: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = Number.NaN;
    const req = http.get(url, { agent, headers: { cookie, accept: "text/html" } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () =>
        resolve({ first, done: performance.now() - started, bytes, status: res.statusCode ?? 0 }),
      );
      res.on("error", reject);
    });
    // The status line arrives in the first packet: 'response' fires once the headers are parsed.
    req.on("socket", (socket) => {
      const onData = () => {
        if (Number.isNaN(first)) first = performance.now() - started;
      };
      socket.prependListener("data", onData);
      req.once("close", () => socket.removeListener("data", onData));
    });
    req.on("error", reject);
  });
}

/**
 * Page loads one after another on one kept-alive connection, after `PAGE_WARMUP` unmeasured
 * ones; then the same page in Chromium, each round in a new tab of one signed-in context (the
 * app's scripts and styles cached, as for a user who has opened the app before).
 */
export async function measureProjectPage(
  baseUrl: string,
  cookie: string,
  projectId: string,
  targets: PageTarget[],
  {
    rounds = 40,
    browserRounds = 15,
    quietSeconds = 120,
  }: { rounds?: number; browserRounds?: number; quietSeconds?: number } = {},
): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const browser = await launchChromium();
  try {
    for (const target of targets) {
      const url = new URL(`/projects/${projectId}?session=${target.sessionId}`, baseUrl);
      const first: number[] = [];
      const done: number[] = [];
      let htmlBytes = 0;
      await waitForQuiet(quietSeconds);
      for (let i = 0; i < PAGE_WARMUP + rounds; i++) {
        const r = await timedGet(url, cookie, agent);
        if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
        if (i < PAGE_WARMUP) continue;
        first.push(r.first);
        done.push(r.done);
        htmlBytes = r.bytes;
      }
      const browserTtfb: number[] = [];
      const visible: number[] = [];
      let machineBusy = Number.NaN;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const [name, ...value] = cookie.split("=");
        await context.addCookies([{ name: name ?? "", value: value.join("="), url: baseUrl }]);
        await context.addInitScript(newestVisibleProbe(target.newestMessageId));
        await waitForQuiet(quietSeconds);
        const cpuBefore = machineCpu();
        for (let i = 0; i < 2 + browserRounds; i++) {
          const page = await context.newPage();
          try {
            await page.goto(url.toString(), { waitUntil: "commit" });
            // A function, not a string: the page's CSP forbids eval, which a string would need.
            await page.waitForFunction(
              () => (window as { __newestVisibleAt?: number }).__newestVisibleAt,
              undefined,
              { timeout: 30_000, polling: 50 },
            );
            const times = await page.evaluate<{ ttfb: number; visible: number }>(`({
              ttfb: performance.getEntriesByType("navigation")[0].responseStart,
              visible: window.__newestVisibleAt,
            })`);
            if (i < 2) continue; // the first loads fill the cache
            browserTtfb.push(times.ttfb);
            visible.push(times.visible);
          } finally {
            await page.close();
          }
        }
        machineBusy = machineBusyBetween(cpuBefore, machineCpu());
      } finally {
        await context.close();
      }
      const row: PageRow = {
        label: target.label,
        messages: target.messages,
        rounds,
        browserRounds,
        ttfbP50: median(first),
        ttfbP90: quantile(first, 0.9),
        htmlP50: median(done),
        htmlBytes,
        browserTtfbP50: median(browserTtfb),
        visibleP50: median(visible),
        visibleP90: quantile(visible, 0.9),
        machineBusy,
      };
      console.log(
        `project page, ${target.label}: first byte p50 ${row.ttfbP50.toFixed(1)} ms p90 ${row.ttfbP90.toFixed(1)} ms, whole HTML p50 ${row.htmlP50.toFixed(1)} ms (${Math.round(htmlBytes / 1024)} KiB) | Chromium: first byte p50 ${row.browserTtfbP50.toFixed(1)} ms, newest message visible p50 ${row.visibleP50.toFixed(0)} ms p90 ${row.visibleP90.toFixed(0)} ms (machine ${Math.round(machineBusy * 100)} % busy)`,
      );
      rows.push(row);
    }
  } finally {
    agent.destroy();
    await browser.close();
  }
  return rows;
}

/** The seeded chats to open: bench/seed.ts's sessions of 100, 10,000 and 100,000 messages. */
export function pageTargets(seeded: {
  small: string;
  medium: string;
  large: string;
}): PageTarget[] {
  const target = (messages: number, sessionId: string): PageTarget => ({
    label: `${messages.toLocaleString("en-US")}-message chat`,
    messages,
    sessionId,
    newestMessageId: `${sessionId}_m${messages}`,
  });
  return [target(100, seeded.small), target(10_000, seeded.medium), target(100_000, seeded.large)];
}

// Run as a script: a scratch PostgreSQL database, seeded like bench/run.ts's, and only this
// measure (bench/run.ts imports measureProjectPage instead).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const { randomBytes } = await import("node:crypto");
  const { signUp } = await import("./lib");
  const { startApp } = await import("../scripts/app-harness");
  const { createDatabase, dropDatabase, seedPostgres, userIdOfCookie } = await import("./seed");
  const env = process.env;
  const adminUrl = env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const port = Number(env.BENCH_PORT ?? 3500) + 1;
  const rounds = Number(env.BENCH_PAGE_ROUNDS ?? 40);
  const browserRounds = Number(env.BENCH_PAGE_BROWSER_ROUNDS ?? 15);
  const quietSeconds = Number(env.BENCH_QUIET_WAIT ?? 120);
  const dbName = `craft_bench_${randomBytes(4).toString("hex")}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-bench-"));
  const dbUrl = await createDatabase(adminUrl, dbName);
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const cleanUp = async () => {
    await app?.stop();
    await dropDatabase(adminUrl, dbName);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  try {
    app = await startApp({
      port,
      env: {
        DATABASE_URL: dbUrl,
        CRAFT_DATA_DIR: dataDir,
        AUTH_RATE_LIMIT_PER_MINUTE: "0",
        BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
      },
    });
    const { cookie } = await signUp(app.url);
    const seeded = await seedPostgres(dbUrl, await userIdOfCookie(dbUrl, cookie));
    console.log(
      `project page on PostgreSQL, ${rounds} loads (curl-like) and ${browserRounds} in Chromium per chat, ${os.cpus().length} cores, Node ${process.version}`,
    );
    await measureProjectPage(app.url, cookie, seeded.projectId, pageTargets(seeded), {
      rounds,
      browserRounds,
      quietSeconds,
    });
  } finally {
    await cleanUp();
  }
}
