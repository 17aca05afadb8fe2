import "server-only";
import type { ExportMessage } from "@/lib/contract/export";
import type { Database } from "@/server/db";
import type { ExportSessionRow } from "@/server/queries/export";
import { tagsOfSessions } from "@/server/queries/tags";
import { toExportSessionHead } from "./export-objects";
import { closeOpenFence, fencedBlock, oneLine, readableTime } from "./markdown-text";
import { activeBranchPages } from "./message-pages";

const ROLE_NAMES: Record<ExportMessage["role"], string> = { user: "User", assistant: "Assistant" };

const STATUS_NOTES: Record<ExportMessage["status"], string> = {
  complete: "",
  partial: " (stopped before the end)",
  error: " (failed)",
  streaming: " (still being written)",
};

/**
 * One session as Markdown to read: a short header (title, dates, tags, instructions, summary),
 * then each turn of the active branch with its role and time. A page of messages at a time.
 */
export async function* sessionMarkdownChunks(
  db: Database,
  params: { userId: string; session: ExportSessionRow; exportedAt: Date },
): AsyncGenerator<string> {
  const { session, exportedAt } = params;
  const tags = (await tagsOfSessions(db, [session.id])).get(session.id) ?? [];
  const head = toExportSessionHead(session, tags);
  const lines = [
    `# ${oneLine(head.name) || "Untitled chat"}`,
    "",
    `- Created: ${readableTime(head.createdAt)}`,
    `- Last activity: ${readableTime(head.updatedAt)}`,
    `- Exported: ${readableTime(exportedAt)}`,
    `- Messages: ${session.messageCount} on the branch shown (the JSON export holds every branch)`,
  ];
  if (head.tags.length > 0)
    lines.push(`- Tags: ${head.tags.map((tag) => oneLine(tag.name)).join(", ")}`);
  if (head.instructions.trim() !== "")
    lines.push("", "## Instructions", "", fencedBlock(head.instructions, "text"));
  if (head.summary) {
    lines.push("", "## Summary", "", head.summary.text.trim());
    if (head.summary.keyPoints.length > 0)
      lines.push("", ...head.summary.keyPoints.map((point) => `- ${oneLine(point)}`));
  }
  lines.push("", "---", "");
  yield `${lines.join("\n")}\n`;

  for await (const page of activeBranchPages(db, params)) {
    let text = "";
    for (const message of page) {
      const heading = `## ${ROLE_NAMES[message.role]} · ${readableTime(message.createdAt)}${STATUS_NOTES[message.status]}`;
      text += `${heading}\n\n${closeOpenFence(message.content)}\n\n`;
    }
    yield text;
  }
}
