// The import readers' tests: fixtures read raw (to count what they hold), files written to a
// temporary folder, and an import file read to its end.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import yazl from "yazl";
import type { ImportedConversation, ImportFile } from "@/server/import-formats/conversation";
import { openImportFile } from "@/server/import-formats/open-import-file";

export type Json = Record<string, unknown>;

export const fixtureDir = path.resolve(import.meta.dirname, "../fixtures/import");

export function fixturePath(name: string): string {
  return path.join(fixtureDir, name);
}

export async function readFixture<T = unknown>(name: string): Promise<T> {
  return JSON.parse(await readFile(fixturePath(name), "utf8")) as T;
}

/** A temporary folder for this test file, removed after it. */
export function tempFolder(): { write(name: string, data: string | Uint8Array): Promise<string> } {
  let dir: Promise<string> | null = null;
  afterAll(async () => {
    if (dir) await rm(await dir, { recursive: true, force: true });
  });
  return {
    async write(name, data) {
      dir ??= mkdtemp(path.join(tmpdir(), "craft-import-"));
      const file = path.join(await dir, name);
      await writeFile(file, data);
      return file;
    },
  };
}

/** Opens a file and reads every conversation it holds. */
export async function readImport(
  file: string,
): Promise<{ opened: ImportFile; conversations: ImportedConversation[] }> {
  const opened = await openImportFile(file);
  const conversations: ImportedConversation[] = [];
  for await (const conversation of opened.conversations()) conversations.push(conversation);
  return { opened, conversations };
}

/** The error reading a file throws, whether at opening or while reading its conversations. */
export async function importError(file: string): Promise<unknown> {
  try {
    await readImport(file);
  } catch (error) {
    return error;
  }
  return null;
}

/** Follows parent links up from `id` to the first node `kept` accepts, or null. */
export function nearestKept(
  id: string | null,
  parentOf: (id: string) => string | null,
  kept: (id: string) => boolean,
): string | null {
  const seen = new Set<string>();
  for (let at = id; at !== null; at = parentOf(at)) {
    if (seen.has(at)) return null;
    seen.add(at);
    if (kept(at)) return at;
  }
  return null;
}

/** The messages with no reply among those imported. */
export function leaves(conversation: ImportedConversation): string[] {
  const parents = new Set(conversation.messages.map((message) => message.parentSourceId));
  return conversation.messages
    .filter((message) => !parents.has(message.sourceId))
    .map((message) => message.sourceId);
}

/** Every message comes after its parent, and no two share an id. */
export function expectParentsFirst(conversation: ImportedConversation): void {
  const seen = new Set<string>();
  for (const message of conversation.messages) {
    if (message.parentSourceId !== null && !seen.has(message.parentSourceId)) {
      throw new Error(`${message.sourceId} comes before its parent ${message.parentSourceId}`);
    }
    if (seen.has(message.sourceId)) throw new Error(`${message.sourceId} comes twice`);
    seen.add(message.sourceId);
  }
}

/** A zip of the given entries, built in memory (deflated unless `store`). */
export async function buildZip(
  entries: Record<string, string | Buffer>,
  store = false,
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) {
    zip.addBuffer(Buffer.from(data), name, { compress: !store });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
