import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { readChatgptConversation } from "./chatgpt";
import {
  type ImportedConversation,
  type ImportFile,
  ImportFormatError,
  type ImportSource,
} from "./conversation";
import { openCraftExport } from "./craft";
import { detectSource } from "./detect-source";
import { readLibrechatConversation } from "./librechat";
import { readOpenwebuiConversation } from "./openwebui";
import { notAnExport, TopLevelJsonReader } from "./top-level-json";
import { isZip, openZipConversations } from "./zip-entry";

type ConversationReader = (raw: unknown, importedAt: Date) => ImportedConversation;

const readers: Record<Exclude<ImportSource, "craft">, ConversationReader> = {
  chatgpt: readChatgptConversation,
  openwebui: readOpenwebuiConversation,
  librechat: readLibrechatConversation,
};

// Craft's export names itself first, in a JSON object or on the first line of NDJSON.
const craftHead = /^\uFEFF?\s*\{\s*"type"\s*:\s*"craft\.export"/;
const headBytes = 64 * 1024;

/**
 * Opens an import file and tells its format from its content alone: the zip ChatGPT mails
 * (its conversations.json), ChatGPT's conversations.json, an Open WebUI or LibreChat export,
 * or Craft's own. The file is read as a stream, one conversation at a time; only its first
 * conversation is read here, to tell the format. Anything else is an ImportFormatError
 * saying what is wrong with the file.
 */
export async function openImportFile(path: string): Promise<ImportFile> {
  const importedAt = new Date();
  const { size } = await stat(path);
  const head = await readHead(path, Math.min(size, headBytes));
  if (head.length === 0) throw new ImportFormatError("This file is empty");
  if (isZip(head)) {
    const zip = await openZipConversations(path);
    return openJson(zip.chunks, zip.size, () => zip.close(), importedAt, null);
  }
  if (craftHead.test(head.toString("utf8"))) return openCraftExport(path, size);
  const stream = createReadStream(path);
  return openJson(stream, size, () => stream.destroy(), importedAt, path);
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const file = await open(path);
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

async function openJson(
  chunks: AsyncIterable<Uint8Array>,
  totalBytes: number,
  release: () => void,
  importedAt: Date,
  craftPath: string | null,
): Promise<ImportFile> {
  const reader = new TopLevelJsonReader(chunks[Symbol.asyncIterator]());
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    release();
  };
  try {
    const first = await reader.next();
    if (reader.root === "object") {
      // A file of one conversation: its properties, gathered, are that conversation.
      const whole: Record<string, unknown> = Object.create(null);
      for (let property = first; property; property = await reader.next()) {
        whole[String(property.key)] = property.value;
      }
      const source = detectSource(whole);
      if (source === "craft" && craftPath) {
        await close();
        return openCraftExport(craftPath, totalBytes);
      }
      return importFile(sourceOf(source), [whole], null, reader, totalBytes, close, importedAt);
    }
    if (!first) throw new ImportFormatError("This file holds no conversations");
    const source = sourceOf(detectSource(first.value));
    return importFile(source, [first.value], reader, reader, totalBytes, close, importedAt);
  } catch (error) {
    await close();
    throw error;
  }
}

function sourceOf(source: ImportSource | null): Exclude<ImportSource, "craft"> {
  if (source === null || source === "craft") throw new ImportFormatError(notAnExport);
  return source;
}

function importFile(
  source: Exclude<ImportSource, "craft">,
  read: unknown[],
  rest: TopLevelJsonReader | null,
  progress: TopLevelJsonReader,
  totalBytes: number,
  close: () => Promise<void>,
  importedAt: Date,
): ImportFile {
  const readConversation = readers[source];
  let started = false;
  return {
    source,
    totalBytes,
    bytesRead: () => progress.bytesRead(),
    async *conversations() {
      if (started) throw new Error("An import file's conversations are read once");
      started = true;
      try {
        for (const raw of read) yield readConversation(raw, importedAt);
        if (!rest) return;
        for (let next = await rest.next(); next; next = await rest.next()) {
          yield readConversation(next.value, importedAt);
        }
      } finally {
        await close();
      }
    },
    close,
  };
}
