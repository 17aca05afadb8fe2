// npm run bench:ttft — what /api/chat adds to a model server's time to first token.
// Starts a local OpenAI-compatible streaming server and the built app pointed at it, then times
// the first text chunk through /api/chat against the first chunk straight from the server.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startApp } from "../scripts/app-harness";
import { startFakeOpenAI } from "../tests/helpers/fake-openai";
import { ms, percentile, postJson, signUpCookie } from "./lib";

export const WARMUP = 20;

export interface TtftRow {
  label: string;
  rounds: number;
  directP50: number;
  directP99: number;
  appP50: number;
  appP99: number;
}

async function firstChunkMs(url: string, init: RequestInit, marker: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, init);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let seen = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before ${marker}: ${seen.slice(0, 300)}`);
    seen += decoder.decode(value, { stream: true });
    if (seen.includes(marker)) break;
  }
  const elapsed = performance.now() - started;
  while (!(await reader.read()).done) {} // let the reply finish before the next round
  return elapsed;
}

/** Times the first token straight from a fake model server and through the app's /api/chat. */
export async function measureTtft(
  label: string,
  env: Record<string, string>,
  { port = 3300, rounds = 200 }: { port?: number; rounds?: number } = {},
): Promise<TtftRow> {
  const fake = await startFakeOpenAI();
  fake.behaviour = { words: Array.from({ length: 20 }, (_, i) => `word${i}`), delayMs: 0 };
  const app = await startApp({
    port,
    env: {
      AI_PROVIDER: "openai-compatible",
      AI_BASE_URL: fake.url,
      AI_MODEL: "bench-model",
      CHAT_RATE_LIMIT_PER_MINUTE: "1000000",
      AUTH_RATE_LIMIT_PER_MINUTE: "0",
      ...env,
    },
  });
  try {
    const cookie = await signUpCookie(app.url);
    const { project } = await postJson<{ project: { id: string } }>(
      `${app.url}/api/projects`,
      cookie,
      { name: "Bench" },
    );
    const direct: number[] = [];
    const through: number[] = [];
    let sessionId = "";
    for (let i = 0; i < WARMUP + rounds; i++) {
      if (i % 20 === 0) {
        sessionId = (
          await postJson<{ chatSession: { id: string } }>(`${app.url}/api/chat-sessions`, cookie, {
            projectId: project.id,
          })
        ).chatSession.id;
      }
      const d = await firstChunkMs(
        `${fake.url}/chat/completions`,
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            model: "bench-model",
            stream: true,
            messages: [{ role: "user", content: "hi" }],
          }),
        },
        '"content":"word0"',
      );
      const t = await firstChunkMs(
        `${app.url}/api/chat`,
        {
          method: "POST",
          headers: { "content-type": "application/json", cookie },
          body: JSON.stringify({
            chatSessionId: sessionId,
            message: {
              id: `bench-${i}-${Date.now()}`,
              role: "user",
              parts: [{ type: "text", text: `question ${i}` }],
            },
          }),
        },
        '"type":"text-delta"',
      );
      if (i >= WARMUP) {
        direct.push(d);
        through.push(t);
      }
    }
    const row: TtftRow = {
      label,
      rounds,
      directP50: percentile(direct, 50),
      directP99: percentile(direct, 99),
      appP50: percentile(through, 50),
      appP99: percentile(through, 99),
    };
    console.log(
      `${label}: model server first token p50 ${ms(row.directP50)} p99 ${ms(row.directP99)} | through /api/chat p50 ${ms(row.appP50)} p99 ${ms(row.appP99)} | added p50 ${ms(row.appP50 - row.directP50)}`,
    );
    return row;
  } finally {
    await app.stop();
    await fake.close();
  }
}

// Run as a script (npm run bench:ttft); bench/run.ts imports measureTtft instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
  const port = Number(process.env.BENCH_TTFT_PORT ?? 3300);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-bench-"));
  console.log(
    `time to first token, ${rounds} sequential rounds after ${WARMUP} warm-up, ${os.cpus().length} cores, Node ${process.version}`,
  );
  await measureTtft("PGlite", { CRAFT_DATA_DIR: dataDir }, { port, rounds });
  if (process.env.BENCH_DATABASE_URL) {
    await measureTtft(
      "PostgreSQL",
      { DATABASE_URL: process.env.BENCH_DATABASE_URL, CRAFT_DATA_DIR: dataDir },
      { port, rounds },
    );
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}
