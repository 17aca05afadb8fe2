import type { MessageRole, MessageStatus, ProjectStatus, TagColor } from "@/lib/contract/entities";

// What every import reader yields, whatever the file it reads: one conversation at a time, so a
// file of any size is read in bounded memory (a conversation is the unit that is imported
// whole or not at all). The import job (src/server/imports) writes these; the readers
// (chatgpt.ts, openwebui.ts, librechat.ts, craft.ts) never touch the database.

export const importSources = ["craft", "chatgpt", "openwebui", "librechat"] as const;
export type ImportSource = (typeof importSources)[number];

export interface ImportedMessage {
  /** Its id in the source, unique within the conversation. */
  sourceId: string;
  /** Null for a first message; otherwise a message yielded before this one. */
  parentSourceId: string | null;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  createdAt: Date;
}

/** Where a Craft export's session came from: its projects are recreated (import.ts). */
export interface ImportedProject {
  sourceId: string;
  name: string;
  description: string | null;
  projectType: string;
  status: ProjectStatus;
  files: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

export interface ImportedSummary {
  text: string;
  keyPoints: string[];
  /** A message of this conversation (its source id). */
  throughSourceId: string;
  messageCount: number;
  updatedAt: Date;
}

export interface ImportedConversation {
  source: ImportSource;
  /** Its id in the source: importing the same file again skips it. */
  sourceId: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
  /** Every message of every branch, parents before children; no cycles, no orphans. */
  messages: ImportedMessage[];
  /** The newest message of the branch the user was on; null when there are no messages. */
  activeLeafSourceId: string | null;
  /** What only Craft's own export carries; other sources leave these out. */
  craft?: {
    project: ImportedProject;
    nameSource: "default" | "first_message" | "model" | "user";
    pinned: boolean;
    archived: boolean;
    instructions: string;
    tags: { name: string; color: TagColor }[];
    summary: ImportedSummary | null;
  };
}

/** The file is not something Craft can import; `message` names the problem for the user. */
export class ImportFormatError extends Error {
  override name = "ImportFormatError";
}

/** An opened import file: its detected source, and its conversations read one at a time. */
export interface ImportFile {
  source: ImportSource;
  /** The size of what is parsed (a zip's conversations.json, not the zip), for progress. */
  totalBytes: number;
  /** How much of it has been parsed so far. */
  bytesRead(): number;
  conversations(): AsyncIterable<ImportedConversation>;
  /** Frees what the file holds open (a zip's handle); safe to call twice. */
  close(): Promise<void>;
}
