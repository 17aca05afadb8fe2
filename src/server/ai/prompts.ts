import type { ModelMessage } from "ai";
import type { ProjectFiles } from "@/server/db/schema";

export interface PromptProject {
  name: string;
  description: string | null;
  files: ProjectFiles;
}

/** Opens the section of the session's own instructions, after the project context. */
export const INSTRUCTIONS_HEADING = "Instructions for this chat (from the user):";

/**
 * The system prompt: who the assistant is, the project it works on (files capped), then the
 * session's instructions, if any, in a section of their own, then the summary of the turns
 * the context leaves out, if any.
 */
export function systemPrompt(
  project: PromptProject,
  filesBudgetChars: number,
  instructions = "",
  earlier: EarlierSummary | null = null,
): string {
  const sections = [projectContext(project, filesBudgetChars)];
  const own = instructions.trim();
  // After the files, so they are what the model read most recently, and fenced from them.
  if (own)
    sections.push(["=== end of project context ===", "", INSTRUCTIONS_HEADING, own].join("\n"));
  if (earlier) sections.push(earlierSection(earlier));
  return sections.join("\n\n");
}

function projectContext(project: PromptProject, filesBudgetChars: number): string {
  const lines = [
    "You are Craft, an AI assistant working with the user on one of their projects.",
    "Answer in Markdown. Put code in fenced code blocks with a language tag.",
    "",
    `Project name: ${project.name}`,
    `Project description: ${project.description?.trim() || "(none)"}`,
  ];
  const paths = Object.keys(project.files).sort();
  if (paths.length === 0) {
    lines.push("Project files: (none)");
    return lines.join("\n");
  }
  lines.push(`Project files (${paths.length}):`);
  let left = filesBudgetChars;
  for (const [index, path] of paths.entries()) {
    const content = project.files[path] ?? "";
    const header = `\n--- ${path} ---\n`;
    if (left <= header.length) {
      lines.push(
        `\n[${paths.length - index} more file(s) left out: the project context budget is used up]`,
      );
      break;
    }
    left -= header.length;
    const shown =
      content.length <= left
        ? content
        : `${content.slice(0, left)}\n[truncated: ${content.length - left} more characters]`;
    left -= Math.min(content.length, left);
    lines.push(header + shown);
  }
  return lines.join("\n");
}

export interface HistoryMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
}

/** A running summary as the model reads it: of the branch's first `messageCount` messages. */
export interface EarlierSummary {
  throughId: string;
  messageCount: number;
  text: string;
  keyPoints: string[];
}

/** Opens the section that stands in for the turns left out of the model's context. */
export const EARLIER_HEADING = "Earlier in this conversation";

/** The summary as a section of the system prompt. */
export function earlierSection(summary: EarlierSummary): string {
  return [
    `${EARLIER_HEADING} (a summary of messages 1–${summary.messageCount}; the most recent messages follow in full):`,
    summary.text,
    ...summary.keyPoints.map((point) => `- ${point}`),
  ].join("\n");
}

/**
 * The newest messages that fit the budget, whole, oldest first. The last one (the question
 * being answered) is always kept; older turns are dropped first, never cut.
 */
export function historyWithinBudget(
  messages: HistoryMessage[],
  budgetChars: number,
): HistoryMessage[] {
  const kept: HistoryMessage[] = [];
  let used = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!message || message.content.length === 0) continue;
    used += message.content.length;
    if (used > budgetChars && kept.length > 0) break;
    kept.push(message);
  }
  return kept.reverse();
}

/** The messages as the AI SDK sends them. */
export function modelMessages(messages: HistoryMessage[]): ModelMessage[] {
  return messages.map(({ role, content }) => ({ role, content }));
}
