// Turns the measurements into the console summary and BENCHMARKS.md.
import fs from "node:fs";
import type { DiagRow } from "./diag";
import type { Endpoint, LoadResult } from "./load";
import type { PageRow } from "./page";
import { ARCHIVED_COUNT, PINNED, SESSION_COUNT, TAG_EVERY } from "./seed";
import type { Machine } from "./system";
import type { TtftRow } from "./ttft";

export interface Run {
  endpoint: string;
  connections: number;
  app: LoadResult;
  /** The PostgreSQL floor's run for the same endpoint and connections (reused across configs). */
  floor?: LoadResult;
}

export interface ConfigResult {
  key: "postgres" | "redis" | "pglite";
  title: string;
  /** How the floor relates to this configuration, said under its table. */
  floorNote: string;
  /** Whether the floor-relative targets count for this configuration. */
  floorTargets: boolean;
  runs: Run[];
  appPeakRssMiB: number | null;
  floorPeakRssMiB?: number | null;
  notes: string[];
}

export interface Diagnostics {
  connections: number;
  /** The app's trivial route (one `select 1` through Drizzle) under the same load. */
  appHealth: LoadResult;
  /** The floor on the 100,000-message page, with and without its session lookup. */
  floorWith: LoadResult;
  floorWithout: LoadResult;
  /** The floor with the page (and the write) as one statement each. */
  floorMerged: LoadResult;
  floorWrite: LoadResult;
  floorWriteMerged: LoadResult;
  /** The app's modules timed in-process, one call after another. */
  inProcess: DiagRow[];
  rounds: number;
}

export interface Report {
  startedAt: Date;
  finishedAt: Date;
  seconds: number;
  warmupSeconds: number;
  connections: number[];
  endpoints: Endpoint[];
  machine: Machine;
  versions: [string, string][];
  commands: string[];
  settings: [string, string][];
  seeding: string[];
  configs: ConfigResult[];
  ttft: TtftRow[];
  ttftRounds: number;
  ttftWarmup: number;
  /** The project page opened on the PostgreSQL data: first byte and newest message visible. */
  projectPage: PageRow[];
  diagnostics?: Diagnostics;
}

const READS = ["sessions", "sessions-tag", "messages-100", "messages-10k", "messages-100k"];
const LIMITS = { firstPage: 1.5, readP50: 1.5, readRps: 0.6, writeRps: 0.5, pageTtfbMs: 50 };

const f1 = (n: number | null | undefined) =>
  n === null || n === undefined || Number.isNaN(n) ? "–" : n.toFixed(n < 10 ? 2 : 1);
const fRps = (n: number) => (Number.isNaN(n) ? "–" : Math.round(n).toLocaleString("en-US"));
const fRatio = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) || !Number.isFinite(n) ? "–" : `${n.toFixed(2)}×`;
const fPct = (n: number) => (Number.isNaN(n) ? "–" : `${Math.round(n * 100)} %`);

function fErrors(r: LoadResult | undefined): string {
  if (!r) return "–";
  if (r.errors === 0) return "0";
  const codes = Object.entries(r.statusCodes)
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, n]) => `${code}×${n}`);
  if (r.socketErrors) codes.push(`socket×${r.socketErrors}`);
  return `**${r.errors}** (${codes.join(", ")})`;
}

/** Share of the machine used by processes other than ours during a run (a busy neighbour). */
const otherLoad = (r: LoadResult) => Math.max(0, r.machineBusy - r.cpuBusy);
export const OTHER_LOAD_LIMIT = 0.15;
const fOther = (r: LoadResult | undefined) =>
  r ? `${fPct(otherLoad(r))}${otherLoad(r) > OTHER_LOAD_LIMIT ? " ⚠" : ""}` : "–";

function contaminationNote(config: ConfigResult): string | null {
  const all = config.runs.flatMap((r) => [
    r.app,
    ...(r.floor && config.key === "postgres" ? [r.floor] : []),
  ]);
  const bad = all.filter((r) => otherLoad(r) > OTHER_LOAD_LIMIT);
  if (bad.length === 0) return null;
  return `⚠ In ${bad.length} of ${all.length} runs other processes on the machine (not the app, the floor, PostgreSQL or autocannon) used more than ${OTHER_LOAD_LIMIT * 100} % of it (“Other load” below): those figures understate what the machine can do.`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(header),
    line(header.map((_h, i) => (i < 2 ? "---" : "---:"))),
    ...rows.map(line),
  ].join("\n");
}

function endpointLabel(report: Report, key: string): string {
  return report.endpoints.find((e) => e.key === key)?.label ?? key;
}

function resultsTable(report: Report, config: ConfigResult): string {
  return table(
    [
      "Endpoint",
      "Conns",
      "App p50 ms",
      "App p99 ms",
      "App req/s",
      "App errors",
      "Floor p50 ms",
      "Floor p99 ms",
      "Floor req/s",
      "Floor errors",
      "p50 app/floor",
      "req/s app/floor",
    ],
    config.runs.map((r) => [
      endpointLabel(report, r.endpoint),
      String(r.connections),
      f1(r.app.p50),
      f1(r.app.p99),
      fRps(r.app.rps),
      fErrors(r.app),
      f1(r.floor?.p50),
      f1(r.floor?.p99),
      r.floor ? fRps(r.floor.rps) : "–",
      fErrors(r.floor),
      fRatio(r.floor ? r.app.p50 / r.floor.p50 : undefined),
      fRatio(r.floor ? r.app.rps / r.floor.rps : undefined),
    ]),
  );
}

function cpuTable(report: Report, config: ConfigResult): string {
  return table(
    [
      "Endpoint",
      "Conns",
      "App CPU ms/req",
      "App main thread busy",
      "PG CPU ms/req (app)",
      "Floor CPU ms/req",
      "Floor main thread busy",
      "PG CPU ms/req (floor)",
      "autocannon CPU ms/req (app)",
      "Cores busy (app run)",
      "Other load (app / floor run)",
    ],
    config.runs.map((r) => [
      endpointLabel(report, r.endpoint),
      String(r.connections),
      f1(r.app.serverCpuMsPerReq),
      fPct(r.app.mainThreadBusy),
      f1(r.app.postgresCpuMsPerReq),
      f1(r.floor?.serverCpuMsPerReq),
      r.floor ? fPct(r.floor.mainThreadBusy) : "–",
      f1(r.floor?.postgresCpuMsPerReq),
      f1(r.app.loaderCpuMsPerReq),
      fPct(r.app.cpuBusy),
      `${fOther(r.app)} / ${fOther(r.floor)}`,
    ]),
  );
}

function firstPageRows(config: ConfigResult, connections: number[]) {
  return connections.map((c) => {
    const small = config.runs.find((r) => r.endpoint === "messages-100" && r.connections === c);
    const large = config.runs.find((r) => r.endpoint === "messages-100k" && r.connections === c);
    return { c, small, large, ratio: small && large ? large.app.p50 / small.app.p50 : Number.NaN };
  });
}

export interface TargetLine {
  config: string;
  target: string;
  /** null: informational only (no floor of the same kind). */
  met: boolean | null;
  detail: string;
}

export function evaluateTargets(report: Report): TargetLine[] {
  const lines: TargetLine[] = [];
  for (const config of report.configs) {
    const fp = firstPageRows(config, report.connections).filter((r) => !Number.isNaN(r.ratio));
    if (fp.length > 0) {
      lines.push({
        config: config.title,
        target: `First page of the 100,000-message session within ${LIMITS.firstPage}× the p50 of the 100-message one`,
        met: fp.every((r) => r.ratio <= LIMITS.firstPage),
        detail: fp.map((r) => `${r.c} conn: ${fRatio(r.ratio)}`).join(", "),
      });
    }
    const reads = config.runs.filter((r) => READS.includes(r.endpoint) && r.floor);
    const writes = config.runs.filter((r) => r.endpoint === "write" && r.floor);
    const verdict = (met: boolean) => (config.floorTargets ? met : null);
    if (reads.length > 0) {
      const p50 = reads.map((r) => ({ r, x: r.app.p50 / (r.floor as LoadResult).p50 }));
      const bad = p50.filter(({ x }) => !(x <= LIMITS.readP50));
      lines.push({
        config: config.title,
        target: `Reads: p50 within ${LIMITS.readP50}× of the floor`,
        met: verdict(bad.length === 0),
        detail: describe(report, p50, bad.length, fRatio, "high"),
      });
      const rps = reads.map((r) => ({ r, x: r.app.rps / (r.floor as LoadResult).rps }));
      const badRps = rps.filter(({ x }) => !(x >= LIMITS.readRps));
      lines.push({
        config: config.title,
        target: `Reads: req/s at least ${LIMITS.readRps * 100} % of the floor`,
        met: verdict(badRps.length === 0),
        detail: describe(report, rps, badRps.length, fPct, "low"),
      });
    }
    if (writes.length > 0) {
      const rps = writes.map((r) => ({ r, x: r.app.rps / (r.floor as LoadResult).rps }));
      const bad = rps.filter(({ x }) => !(x >= LIMITS.writeRps));
      lines.push({
        config: config.title,
        target: `Writes: req/s at least ${LIMITS.writeRps * 100} % of the floor`,
        met: verdict(bad.length === 0),
        detail: describe(report, rps, bad.length, fPct, "low"),
      });
    }
    const errors = config.runs.reduce((n, r) => n + r.app.errors, 0);
    const floorErrors = config.runs.reduce((n, r) => n + (r.floor?.errors ?? 0), 0);
    lines.push({
      config: config.title,
      target: "Zero errors (non-2xx and socket errors)",
      met: errors === 0,
      detail:
        `app: ${errors}` +
        (config.key === "postgres" ? `, floor: ${floorErrors}` : "") +
        (errors
          ? ` — ${config.runs
              .filter((r) => r.app.errors)
              .map((r) => `${r.endpoint}@${r.connections}: ${fErrors(r.app)}`)
              .join("; ")}`
          : ""),
    });
  }
  if (report.projectPage.length > 0) {
    lines.push({
      config: "PostgreSQL",
      target: `Project page: first byte within ${LIMITS.pageTtfbMs} ms (p50, 1 connection)`,
      met: report.projectPage.every((r) => r.ttfbP50 <= LIMITS.pageTtfbMs),
      detail: report.projectPage
        .map(
          (r) =>
            `${r.label}: ${f1(r.ttfbP50)} ms (newest message visible ${Math.round(r.visibleP50)} ms)`,
        )
        .join(", "),
    });
  }
  return lines;
}

/** "missed in 3 of 12 cells; worst: …, best: …" */
function describe(
  report: Report,
  items: { r: Run; x: number }[],
  missed: number,
  format: (n: number) => string,
  worseIs: "high" | "low",
): string {
  const sorted = [...items].sort((a, b) => (worseIs === "high" ? b.x - a.x : a.x - b.x));
  const name = (i: { r: Run; x: number } | undefined) =>
    i ? `${endpointLabel(report, i.r.endpoint)} @${i.r.connections} conn ${format(i.x)}` : "–";
  const cells = missed
    ? `missed in ${missed} of ${items.length} cells`
    : `all ${items.length} cells`;
  return `${cells}; worst: ${name(sorted[0])}; best: ${name(sorted.at(-1))}`;
}

const mark = (met: boolean | null) => (met === null ? "info" : met ? "met" : "MISSED");

export function consoleSummary(report: Report): string {
  const out: string[] = [];
  for (const config of report.configs) {
    out.push(`\n== ${config.title} ==`);
    out.push(
      [
        "endpoint".padEnd(28),
        "conn".padStart(4),
        "app p50".padStart(9),
        "app p99".padStart(9),
        "app rps".padStart(8),
        "err".padStart(5),
        "floor p50".padStart(10),
        "floor rps".padStart(10),
        "p50×".padStart(6),
        "rps%".padStart(6),
      ].join(" "),
    );
    for (const r of config.runs) {
      out.push(
        [
          endpointLabel(report, r.endpoint).slice(0, 28).padEnd(28),
          String(r.connections).padStart(4),
          f1(r.app.p50).padStart(9),
          f1(r.app.p99).padStart(9),
          fRps(r.app.rps).padStart(8),
          String(r.app.errors).padStart(5),
          f1(r.floor?.p50).padStart(10),
          (r.floor ? fRps(r.floor.rps) : "–").padStart(10),
          fRatio(r.floor ? r.app.p50 / r.floor.p50 : undefined).padStart(6),
          (r.floor ? fPct(r.app.rps / r.floor.rps) : "–").padStart(6),
        ].join(" "),
      );
    }
    out.push(
      `app peak RSS ${f1(config.appPeakRssMiB)} MiB` +
        (config.floorPeakRssMiB !== undefined
          ? `, floor peak RSS ${f1(config.floorPeakRssMiB)} MiB`
          : ""),
    );
  }
  out.push("\n== Targets ==");
  for (const t of evaluateTargets(report)) {
    out.push(`[${mark(t.met)}] ${t.config}: ${t.target} — ${t.detail}`);
  }
  if (report.projectPage.length) {
    out.push("\n== Project page (PostgreSQL, 1 connection) ==");
    for (const r of report.projectPage) {
      out.push(
        `${r.label}: first byte p50 ${f1(r.ttfbP50)} ms p90 ${f1(r.ttfbP90)} ms; Chromium: newest message visible p50 ${Math.round(r.visibleP50)} ms p90 ${Math.round(r.visibleP90)} ms`,
      );
    }
  }
  if (report.ttft.length) {
    out.push("\n== Time to first token ==");
    for (const t of report.ttft) {
      out.push(
        `${t.label}: model p50 ${f1(t.directP50)} ms, through /api/chat p50 ${f1(t.appP50)} ms p99 ${f1(t.appP99)} ms, added p50 ${f1(t.appP50 - t.directP50)} ms`,
      );
    }
  }
  return out.join("\n");
}

function diagnosticsSection(report: Report, d: Diagnostics): string {
  const pgRuns = report.configs.find((c) => c.key === "postgres")?.runs ?? [];
  const appLarge = pgRuns.find(
    (r) => r.endpoint === "messages-100k" && r.connections === d.connections,
  )?.app;
  const row = (key: string) => d.inProcess.find((r) => r.key === key);
  const loadRow = (who: string, what: string, r: LoadResult | undefined) => [
    who,
    what,
    f1(r?.p50),
    r ? fRps(r.rps) : "–",
    f1(r?.serverCpuMsPerReq),
    r ? fPct(r.mainThreadBusy) : "–",
    f1(r?.postgresCpuMsPerReq),
  ];
  const parts = ["auth-app", "messages", "json"].map(row);
  const explained = parts.reduce((sum, r) => sum + (r?.cpuMs ?? 0), 0);
  const out: string[] = [];
  out.push(`## Where the time goes (PostgreSQL)

Under the same load (${d.connections} connections, ${report.seconds} s each), measured right after
the PostgreSQL matrix:
`);
  out.push(
    table(
      [
        "Server",
        "Request",
        "p50 ms",
        "req/s",
        "Server CPU ms/req",
        "Main thread busy",
        "PG CPU ms/req",
      ],
      [
        loadRow("app", "100,000-msg page (from the table above)", appLarge),
        loadRow("app", "`GET /api/health` (Next.js route + `select 1`)", d.appHealth),
        loadRow("floor", "100,000-msg page", d.floorWith),
        loadRow("floor", "100,000-msg page, session lookup skipped", d.floorWithout),
        loadRow("floor", "100,000-msg page, ownership + page in one statement", d.floorMerged),
        loadRow(
          "app",
          "POST a message (from the table above)",
          pgRuns.find((r) => r.endpoint === "write" && r.connections === d.connections)?.app,
        ),
        loadRow("floor", "POST a message (5 statements, as the app)", d.floorWrite),
        loadRow("floor", "POST a message, one statement", d.floorWriteMerged),
      ],
    ),
  );
  out.push(`
The app's own modules timed in-process (\`bench/diag.ts\`, ${d.rounds} sequential calls each, no
Next.js), against the floor's raw \`pg\` doing the same:
`);
  out.push(
    table(
      ["Operation", "Key", "CPU ms/call", "Wall ms/call", "Statements/call"],
      d.inProcess.map((r) => [
        r.label,
        r.key,
        r.cpuMs.toFixed(3),
        r.wallMs.toFixed(3),
        r.queries.toFixed(1),
      ]),
    ),
  );
  if (appLarge) {
    out.push(`
Rough shares of the app's ${f1(appLarge.serverCpuMsPerReq)} CPU ms per 100,000-msg page request
(in-process timings are approximate: no concurrency, different JIT state): session lookup
${f1(row("auth-app")?.cpuMs)} ms, the two Drizzle queries ${f1(row("messages")?.cpuMs)} ms,
Response.json ${f1(row("json")?.cpuMs)} ms (together ${f1(explained)} ms); Next.js' own share is
bounded by /api/health's ${f1(d.appHealth.serverCpuMsPerReq)} ms per request under the same load.
`);
  }
  return out.join("\n");
}

const ANALYSIS_START = "<!-- analysis:start -->";
const ANALYSIS_END = "<!-- analysis:end -->";

/** The hand-written analysis of an earlier BENCHMARKS.md, kept when the file is regenerated. */
function keptAnalysis(file: string): string {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const start = text.indexOf(ANALYSIS_START);
  const end = text.indexOf(ANALYSIS_END);
  if (start >= 0 && end > start) return text.slice(start, end + ANALYSIS_END.length);
  return `${ANALYSIS_START}\n_No analysis written yet: read the tables above._\n${ANALYSIS_END}`;
}

function projectPageSection(rows: PageRow[]): string {
  const first = rows[0];
  if (!first) return "";
  return `
## Project page: first byte and newest message

\`bench/page.ts\` on the PostgreSQL data, the app otherwise idle: \`GET /projects/<id>?session=<chat>\`
signed in, ${first.rounds} loads one after another on one kept-alive connection (after a few
unmeasured ones), timed from the request to the first byte of the answer (as curl's
\`time_starttransfer\`) and to its last byte; then ${first.browserRounds} loads of the same page in
Chromium (\`/usr/bin/chromium\`, 1280×800, each in a new tab of one signed-in context, scripts and
styles cached), timed from navigation start to the first frame in which the chat's newest message
is inside the window and the message list's visible part (checked on every animation frame).
The machine's busy share is all processes', Chromium's and the app's included.

${table(
  [
    "Chat",
    "Loads",
    "First byte p50 ms",
    "First byte p90 ms",
    "Whole HTML p50 ms",
    "HTML KiB",
    "Chromium loads",
    "Chromium first byte p50 ms",
    "Newest message visible p50 ms",
    "Newest message visible p90 ms",
    "Machine busy",
  ],
  rows.map((r) => [
    r.label,
    String(r.rounds),
    f1(r.ttfbP50),
    f1(r.ttfbP90),
    f1(r.htmlP50),
    String(Math.round(r.htmlBytes / 1024)),
    String(r.browserRounds),
    f1(r.browserTtfbP50),
    String(Math.round(r.visibleP50)),
    String(Math.round(r.visibleP90)),
    fPct(r.machineBusy),
  ]),
)}
`;
}

export function markdown(report: Report, file: string): string {
  const m = report.machine;
  const out: string[] = [];
  out.push(`# Benchmarks

Generated by \`npm run bench\` (bench/run.ts); everything above **Analysis** is rewritten on every
run, the Analysis section is kept.

## How to run

\`\`\`sh
npm run bench                          # full run: about 10 minutes on 2 cores
BENCH_SECONDS=2 npm run bench          # quick end-to-end check
BENCH_CONFIGS=postgres npm run bench   # one configuration only
\`\`\`

It needs PostgreSQL (a fresh \`craft_bench_<random>\` database is created next to
\`BENCH_PG_URL\` and dropped at the end) and, for the Redis configuration, Redis. It builds the app
when the sources changed (\`scripts/start.mjs\`), signs a user up through the app's own sign-up
endpoint, seeds with SQL (\`bench/seed.ts\`: one project of ${SESSION_COUNT.toLocaleString("en-US")} sessions, ${PINNED.length} of them pinned,
${ARCHIVED_COUNT} archived, every ${TAG_EVERY}th tagged), drives the app and the floor with autocannon
(\`bench/load.ts\`), opens the project page on the PostgreSQL data (\`bench/page.ts\`, also
\`npm run bench:page\` on its own), then runs the time-to-first-token measurement
(\`bench/ttft.ts\`). What message versions cost (opening a session with 1,000 branch points, a
switch or an edit against a plain write) is \`npm run bench:branches\` (\`bench/branches.ts\`: the
same seed, the app's route handlers in process, PostgreSQL then PGlite; \`BENCH_CONFIGS\` and
\`BENCH_BRANCH_ROUNDS\`, default 200, choose). What search costs at a million messages is
\`npm run bench:search\` (\`bench/search.ts\`: its own seed of 2,100,000 messages, PostgreSQL
then PGlite; \`SEARCH_MESSAGES\` scales it down).

| Variable | Default | Meaning |
| --- | --- | --- |
| \`BENCH_SECONDS\` | \`5\` | Length of each measured autocannon run. |
| \`BENCH_WARMUP_SECONDS\` | \`1\` | Warm-up per endpoint and server (16 connections, not measured). |
| \`BENCH_CONNECTIONS\` | \`1,16,64\` | Concurrent connections to measure. |
| \`BENCH_CONFIGS\` | \`postgres,redis,pglite\` | Configurations to run. The PostgreSQL floor runs with either PostgreSQL one. |
| \`BENCH_PG_URL\` | \`postgres://postgres@127.0.0.1:5432/test\` | Where to create the scratch database. |
| \`BENCH_REDIS_URL\` | \`redis://127.0.0.1:6379\` | Passed to the app as \`REDIS_URL\` in the Redis configuration; \`craft:*\` keys are flushed first. |
| \`BENCH_TTFT_ROUNDS\` | \`200\` | Rounds of the time-to-first-token measurement; \`0\` skips it. |
| \`BENCH_PAGE_ROUNDS\` | \`40\` | Project page loads timed to their first byte, per chat; \`0\` skips the project page measure. |
| \`BENCH_PAGE_BROWSER_ROUNDS\` | \`15\` | Project page loads in Chromium, per chat, timed to the newest message on screen. |
| \`BENCH_PORT\` | \`3500\` | Base port: the app listens on +1, the floor on +2, the TTFT run on +3, the diagnostics' floor variants on +4. |
| \`BENCH_OUT\` | \`BENCHMARKS.md\` | Where to write this report. |
| \`BENCH_ENDPOINTS\` | all | Subset of \`sessions,sessions-tag,messages-100,messages-10k,messages-100k,write\`. |
| \`BENCH_DIAG\` | \`1\` | \`0\` skips “Where the time goes” (extra floor variants and \`bench/diag.ts\`). |
| \`BENCH_QUIET_WAIT\` | \`120\` | Before each measured run, wait up to this many seconds for other processes to leave the CPUs under 20 % busy. |
| \`BENCH_RETRIES\` | \`2\` | Measure a run again (at most this many times) when other processes took more than 15 % of the machine during it. |
| \`BENCH_START_ATTEMPTS\` / \`BENCH_START_RETRY_SECONDS\` | \`4\` / \`180\` | Retries when the app fails to build or start (sources being edited). |
| \`DB_POOL_MAX\` | app default (10) | Passed to the app and the floor alike. |

**The floor** (\`bench/floor.ts\`) is a bare \`node:http\` server over \`pg\` answering the same three
endpoints (the session list with its tags, also filtered by tag) with the very SQL of
\`src/server/queries\`, the session check Better Auth does (signed cookie → session by token joined
with its user → expiry), the same pool settings and the same JSON.
Before measuring, the run checks that the app and the floor return byte-identical JSON for every
read endpoint. It is what the hardware and PostgreSQL allow; the ratios app/floor are the
framework's share.

## Last run

${report.startedAt.toISOString()} → ${report.finishedAt.toISOString()}; ${report.seconds} s per
measured run after a ${report.warmupSeconds} s warm-up per endpoint; connections
${report.connections.join(", ")}. p50/p99 are per-request latencies of 2xx responses at full
resolution; req/s counts 2xx responses; errors are non-2xx responses plus socket errors.
Autocannon, the app (or floor) and PostgreSQL share the same ${m.cores} cores.

### Machine

- CPU: ${m.cpuModel}, ${m.cores} cores
- Memory: ${m.memoryGiB.toFixed(1)} GiB
- Kernel: ${m.kernel}

### Versions

${report.versions.map(([k, v]) => `- ${k}: ${v}`).join("\n")}

### Settings and commands

${report.settings.map(([k, v]) => `- ${k}: ${v}`).join("\n")}

\`\`\`sh
${report.commands.join("\n")}
\`\`\`

### Data

${report.seeding.map((s) => `- ${s}`).join("\n")}

### Endpoints

${report.endpoints.map((e) => `- **${e.label}**: \`${e.method} ${e.path}\`${e.body ? ` with body \`${e.body}\`` : ""}`).join("\n")}
`);

  for (const config of report.configs) {
    out.push(`## ${config.title}\n`);
    out.push(resultsTable(report, config));
    out.push("");
    out.push(config.floorNote);
    out.push("");
    out.push(
      `Peak RSS (VmHWM) of the app's server process: **${f1(config.appPeakRssMiB)} MiB**` +
        (config.floorPeakRssMiB !== undefined
          ? `; of the floor: ${f1(config.floorPeakRssMiB)} MiB.`
          : "."),
    );
    for (const note of config.notes) out.push(`\n${note}`);
    const contamination = contaminationNote(config);
    if (contamination) out.push(`\n${contamination}`);
    out.push("\nCPU time per request (from /proc) and how busy the machine was:\n");
    out.push(cpuTable(report, config));
    out.push("");
  }

  if (report.diagnostics) out.push(diagnosticsSection(report, report.diagnostics));

  out.push("## First page: 100,000 messages against 100\n");
  out.push(
    table(
      ["Configuration", "Conns", "100 msgs p50 ms", "100k msgs p50 ms", "Ratio 100k/100"],
      report.configs.flatMap((config) =>
        firstPageRows(config, report.connections).map((r) => [
          config.title,
          String(r.c),
          f1(r.small?.app.p50),
          f1(r.large?.app.p50),
          fRatio(r.ratio),
        ]),
      ),
    ),
  );

  out.push("\n## Targets\n");
  for (const t of evaluateTargets(report)) {
    out.push(`- **${mark(t.met)}** — ${t.config}: ${t.target}. ${t.detail}.`);
  }
  out.push(
    "\n“info”: the PGlite configuration has no floor of its own; its ratios to the PostgreSQL floor are shown for information only.",
  );

  if (report.projectPage.length) out.push(projectPageSection(report.projectPage));

  if (report.ttft.length) {
    out.push("\n## Time to first token\n");
    out.push(
      `\`bench/ttft.ts\`: ${report.ttftRounds} sequential rounds after ${report.ttftWarmup} warm-up; a local OpenAI-compatible server streams 20 words with no delay; the first text chunk straight from it against the first text-delta through \`/api/chat\`.\n`,
    );
    out.push(
      table(
        [
          "Database",
          "Rounds",
          "Model server p50 ms",
          "Model server p99 ms",
          "Through /api/chat p50 ms",
          "Through /api/chat p99 ms",
          "Added p50 ms",
        ],
        report.ttft.map((t) => [
          t.label,
          String(t.rounds),
          f1(t.directP50),
          f1(t.directP99),
          f1(t.appP50),
          f1(t.appP99),
          f1(t.appP50 - t.directP50),
        ]),
      ),
    );
  }

  out.push("\n## Analysis\n");
  out.push(keptAnalysis(file));
  out.push("");
  return out.join("\n");
}
