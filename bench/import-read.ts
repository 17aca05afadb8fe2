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

const TARGET_MB = Number(process.env.BENCH_IMPORT_MB ?? 200);
/** Turns per conversation (a user message and its reply each), and a hidden tool hop in each. */
const TURNS = 40;
const MB = 1024 * 1024;
const words =
  "the of and to in is you that it he was for on are as with his they at be this have from".split(
    " ",
  );

function text(seed: number, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += `${words[(seed * 31 + i * 7) % words.length]} `;
  return out;
}

/** One conversation: a null root, a hidden system node, then turns with a tool hop and a branch. */
function conversation(index: number): string {
  const mapping: Record<string, unknown> = {};
  const node = (id: string, parent: string | null, children: string[], message: unknown) => {
    mapping[id] = { id, parent, children, message };
  };
  const message = (id: string, role: string, content: string, extra: object = {}) => ({
    id,
    author: { role, name: null, metadata: {} },
    create_time: 1_700_000_000 + index * 1000 + Object.keys(mapping).length,
    content: { content_type: "text", parts: [content] },
    status: "finished_successfully",
    metadata: {},
    recipient: "all",
    ...extra,
  });
  node("root", null, ["system"], null);
  node(
    "system",
    "root",
    ["u0"],
    message("system", "system", "", { metadata: { is_visually_hidden_from_conversation: true } }),
  );
  let parent = "system";
  for (let turn = 0; turn < TURNS; turn++) {
    const user = `u${turn}`;
    const tool = `t${turn}`;
    const reply = `a${turn}`;
    node(user, parent, [tool], message(user, "user", text(index + turn, 300)));
    node(
      tool,
      user,
      [reply],
      message(tool, "tool", text(turn, 400), {
        content: { content_type: "execution_output", text: "ok" },
      }),
    );
    node(
      reply,
      tool,
      turn + 1 < TURNS ? [`u${turn + 1}`] : [],
      message(reply, "assistant", text(index * turn, 1500)),
    );
    parent = reply;
  }
  node("regen", "u0", [], message("regen", "assistant", text(index, 800)));
  return JSON.stringify({
    title: `Bench conversation ${index}`,
    create_time: 1_700_000_000 + index * 1000,
    update_time: 1_700_000_000 + index * 1000 + 999,
    mapping,
    current_node: parent,
    conversation_id: `bench-${index}`,
    id: `bench-${index}`,
  });
}

async function writeConversations(file: string): Promise<{ conversations: number; bytes: number }> {
  const out = createWriteStream(file);
  let bytes = 0;
  let conversations = 0;
  const write = async (chunk: string) => {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  };
  await write("[\n");
  while (bytes < TARGET_MB * MB) {
    await write(`${conversations ? ",\n" : ""}${conversation(conversations)}`);
    conversations++;
  }
  await write("\n]\n");
  out.end();
  await once(out, "finish");
  return { conversations, bytes };
}

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
  const written = await writeConversations(json);
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
