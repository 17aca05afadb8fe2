import "server-only";
import { createReadStream } from "node:fs";
import { open, readFile } from "node:fs/promises";
import type { z } from "zod";
import {
  EXPORT_TYPE,
  EXPORT_VERSION,
  type ExportLine,
  type ExportMessage,
  type ExportProject,
  type ExportSessionHead,
  exportLine,
  sessionExportDocument,
} from "@/lib/contract/export";
import {
  type ImportedConversation,
  type ImportedProject,
  type ImportFile,
  ImportFormatError,
} from "./conversation";

// Craft's own export (src/lib/contract/export.ts, format version 1): a session's JSON document,
// or a project's or the account's NDJSON, read a line at a time.

/**
 * The largest one-session JSON document read (JSON.parse of the whole file). A bigger session
 * is exported with its project, as NDJSON, which streams at any size.
 */
export const MAX_SESSION_JSON_BYTES = 100 * 1024 * 1024;
/** The longest NDJSON line: a message line holds one message's content. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/**
 * Opens a Craft export (`path`, of `totalBytes`): a JSON document when its first character is
 * `{` followed by a session document, else NDJSON. The NDJSON's conversations are yielded as
 * each session's last message line is read; a file cut before its `end` line yields what came
 * before the cut session and then throws "The file ends early…".
 */
export function openCraftExport(path: string, totalBytes: number): ImportFile {
  let read = 0;
  return {
    source: "craft",
    totalBytes,
    bytesRead: () => read,
    conversations: () => conversationsOf(path, totalBytes, (bytes) => (read = bytes)),
    close: async () => {},
  };
}

async function* conversationsOf(
  path: string,
  totalBytes: number,
  progress: (bytes: number) => void,
): AsyncGenerator<ImportedConversation> {
  if (totalBytes === 0) throw new ImportFormatError("The file is empty.");
  if (!(await startsWithNdjsonHeader(path))) {
    // A whole JSON document: the one-session export (written on one line, so it is told apart
    // by its first line, which NDJSON keeps for a short header).
    yield await readSessionDocument(path, totalBytes);
    progress(totalBytes);
    return;
  }
  const lines = linesOf(path, progress);
  const first = await lines.next();
  if (!first.done) checkHeader(JSON.parse(first.value));
  yield* groupSessions(lines);
}

/** Whether the file's first line is a whole NDJSON header (a project's or the account's). */
async function startsWithNdjsonHeader(path: string): Promise<boolean> {
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(
      Buffer.alloc(HEADER_PEEK_BYTES),
      0,
      HEADER_PEEK_BYTES,
      0,
    );
    const head = buffer.subarray(0, bytesRead).toString("utf8");
    const end = head.indexOf("\n");
    if (end < 0) return false;
    const value: unknown = JSON.parse(head.slice(0, end));
    return isObject(value) && value.scope !== "session";
  } catch {
    return false;
  } finally {
    await file.close();
  }
}

/** Enough of the file to hold an NDJSON header line. */
const HEADER_PEEK_BYTES = 4096;

function checkHeader(value: unknown): void {
  if (!isObject(value) || value.type !== EXPORT_TYPE)
    throw new ImportFormatError("The file is not a Craft export: it has no Craft export header.");
  if (value.version !== EXPORT_VERSION)
    throw new ImportFormatError(
      `The file is a Craft export of format version ${String(value.version)}; this Craft reads version ${EXPORT_VERSION}.`,
    );
}

async function readSessionDocument(path: string, totalBytes: number) {
  if (totalBytes > MAX_SESSION_JSON_BYTES)
    throw new ImportFormatError(
      `A one-session JSON export larger than ${MAX_SESSION_JSON_BYTES / 1024 / 1024} MB cannot be imported; export its project instead (NDJSON).`,
    );
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new ImportFormatError("The file is not valid JSON.");
  }
  checkHeader(value);
  const document = checked(sessionExportDocument, value, "The session");
  const { messages, ...head } = document.session;
  // The document does not describe the session's project: a plain one holds it.
  const project: ImportedProject = {
    sourceId: head.projectId,
    name: "Craft import",
    description: null,
    projectType: "document",
    status: "active",
    files: {},
    createdAt: new Date(head.createdAt),
    updatedAt: new Date(head.createdAt),
  };
  return toConversation(head, messages, project);
}

/**
 * Turns the lines after the header into conversations: a `project` line opens a project, a
 * `session` line a session of it, `message` lines fill that session, and the next `session`,
 * `project` or `end` line closes it.
 */
async function* groupSessions(lines: AsyncGenerator<string>): AsyncGenerator<ImportedConversation> {
  let number = 1;
  let project: ImportedProject | null = null;
  let session: ExportSessionHead | null = null;
  let messages: ExportMessage[] = [];
  const counted = { projects: 0, sessions: 0, messages: 0 };
  for await (const text of lines) {
    number += 1;
    if (text.trim() === "") continue;
    const line = parseLine(text, number);
    if (line.type === "message") {
      if (session === null || line.sessionId !== session.id)
        throw new ImportFormatError(
          `Line ${number} is a message of a session (${line.sessionId}) that does not come right before it.`,
        );
      const { type: _type, sessionId: _sessionId, ...message } = line;
      messages.push(message);
      counted.messages += 1;
      continue;
    }
    if (session !== null && project !== null) {
      yield toConversation(session, messages, project);
      session = null;
      messages = [];
    }
    if (line.type === "project") {
      project = toProject(line);
      counted.projects += 1;
    } else if (line.type === "session") {
      if (project === null || line.projectId !== project.sourceId)
        throw new ImportFormatError(
          `Line ${number} is a session of a project (${line.projectId}) that does not come before it.`,
        );
      const { type: _type, ...head } = line;
      session = head;
      counted.sessions += 1;
    } else if (line.type === "end") {
      const { type: _type, ...ends } = line;
      if (
        ends.projects !== counted.projects ||
        ends.sessions !== counted.sessions ||
        ends.messages !== counted.messages
      )
        throw new ImportFormatError(
          `The file's end line counts ${ends.sessions} sessions and ${ends.messages} messages, but it holds ${counted.sessions} and ${counted.messages}.`,
        );
      return;
    } else {
      throw new ImportFormatError(`Line ${number} is a second header.`);
    }
  }
  throw new ImportFormatError(
    "The file ends early: it has no end line, so it was cut off. The sessions before the cut were imported; export again and import the new file to bring in the rest.",
  );
}

function parseLine(line: string, number: number): ExportLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ImportFormatError(`Line ${number} of the file is not JSON.`);
  }
  return checked(exportLine, value, `Line ${number}`);
}

function toProject(line: ExportProject): ImportedProject {
  return {
    sourceId: line.id,
    name: line.name,
    description: line.description,
    projectType: line.projectType,
    status: line.status,
    files: line.files,
    createdAt: new Date(line.createdAt),
    updatedAt: new Date(line.updatedAt),
  };
}

function toConversation(
  head: ExportSessionHead,
  messages: ExportMessage[],
  project: ImportedProject,
): ImportedConversation {
  return {
    source: "craft",
    sourceId: head.id,
    title: head.name,
    createdAt: new Date(head.createdAt),
    updatedAt: new Date(head.updatedAt),
    messages: messages.map((m) => ({
      sourceId: m.id,
      parentSourceId: m.parentId,
      role: m.role,
      content: m.content,
      status: m.status,
      createdAt: new Date(m.createdAt),
    })),
    activeLeafSourceId: head.activeLeafId,
    craft: {
      project,
      nameSource: head.nameSource,
      pinned: head.pinned,
      archived: head.archived,
      instructions: head.instructions,
      tags: head.tags,
      summary: head.summary && {
        text: head.summary.text,
        keyPoints: head.summary.keyPoints,
        throughSourceId: head.summary.throughId,
        messageCount: head.summary.messageCount,
        updatedAt: new Date(head.summary.updatedAt),
      },
    },
  };
}

/**
 * The file's lines, without their line breaks, read a chunk at a time. Not node:readline,
 * which has no limit on a line's length: a file without line breaks would be read whole into
 * one string. Reports the bytes read so far through `progress`.
 */
async function* linesOf(path: string, progress: (bytes: number) => void): AsyncGenerator<string> {
  const stream = createReadStream(path);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let rest = "";
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.byteLength;
      let text: string;
      try {
        text = rest + decoder.decode(chunk, { stream: true });
      } catch {
        throw new ImportFormatError("The file is not UTF-8 text.");
      }
      const parts = text.split("\n");
      rest = parts.pop() ?? "";
      if (rest.length > MAX_LINE_BYTES)
        throw new ImportFormatError(
          `The file has a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MB: it is not a Craft export.`,
        );
      progress(bytes);
      for (const part of parts) yield part.endsWith("\r") ? part.slice(0, -1) : part;
    }
    if (rest !== "") yield rest;
  } finally {
    stream.destroy();
  }
}

function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new ImportFormatError(
    `${what} is not what a Craft export holds${where}: ${issue?.message ?? "invalid"}.`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
