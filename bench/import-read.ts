// npm run bench:import-read — the import readers alone, no database: a ChatGPT
// conversations.json of about BENCH_IMPORT_MB (200) MB written to a temporary folder, then read
// through openImportFile as it is and inside the zip ChatGPT mails. Prints throughput (MB/s,
// conversations/s, messages/s) and the process's RSS growth above its baseline, sampled at
// every conversation, which a streamed read keeps flat however large the file.
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import yazl from "yazl";
import { openImportFile } from "../src/server/import-formats/open-import-file";
import { writeConversations } from "./chatgpt-file";

const TARGET_MB = Number(process.env.BENCH_IMPORT_MB ?? 200);
/** Turns per conversation (a user message and its reply each), and a hidden tool hop in each. */
const TURNS = 40;
const MB = 1024 * 1024;

async function writeZip(json: string, file: string): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addReadStream(createReadStream(json), "conversations.json");
  zip.addBuffer(Buffer.from("<html></html>"), "chat.html");
  zip.end();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  await once(out, "finish");
}

async function measure(label: string, file: string) {
  globalThis.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const started = performance.now();
  const opened = await openImportFile(file);
  let conversations = 0;
  let messages = 0;
  for await (const imported of opened.conversations()) {
    conversations++;
    messages += imported.messages.length;
    peak = Math.max(peak, process.memoryUsage.rss());
  }
  const seconds = (performance.now() - started) / 1000;
  const megabytes = opened.totalBytes / MB;
  console.log(
    `${label.padEnd(20)} ${megabytes.toFixed(0)} MB in ${seconds.toFixed(1)} s: ` +
      `${(megabytes / seconds).toFixed(1)} MB/s, ${(conversations / seconds).toFixed(0)} conversations/s, ` +
      `${(messages / seconds).toFixed(0)} messages/s; ${conversations} conversations, ${messages} messages; ` +
      `peak RSS +${((peak - baseline) / MB).toFixed(0)} MB (baseline ${(baseline / MB).toFixed(0)} MB)`,
  );
}

const dir = await mkdtemp(path.join(tmpdir(), "craft-bench-import-"));
try {
  const json = path.join(dir, "conversations.json");
  const zip = path.join(dir, "chatgpt-export.zip");
  const written = await writeConversations(json, {
    turns: TURNS,
    more: (_conversations, bytes) => bytes < TARGET_MB * MB,
  });
  await writeZip(json, zip);
  console.log(
    `wrote ${written.conversations} conversations, ${(written.bytes / MB).toFixed(0)} MB ` +
      `(zip ${((await stat(zip)).size / MB).toFixed(0)} MB) in ${dir}`,
  );
  await measure("conversations.json", json);
  await measure("zip", zip);
} finally {
  await rm(dir, { recursive: true, force: true });
}
