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
 * session's instructions, if any, in a section of their own.
 */
export function systemPrompt(
  project: PromptProject,
  filesBudgetChars: number,
  instructions = "",
): string {
  const context = projectContext(project, filesBudgetChars);
  const own = instructions.trim();
  if (!own) return context;
  // Last, so they are what the model read most recently, and fenced from the files above.
  return [context, "", "=== end of project context ===", "", INSTRUCTIONS_HEADING, own].join("\n");
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
  role: "user" | "assistant";
  content: string;
}

/**
 * The newest messages that fit the budget, oldest first. The last one (the question being
 * answered) is always kept; older turns are dropped first.
 */
export function historyWithinBudget(
  messages: HistoryMessage[],
  budgetChars: number,
): ModelMessage[] {
  const kept: ModelMessage[] = [];
  let used = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!message || message.content.length === 0) continue;
    used += message.content.length;
    if (used > budgetChars && kept.length > 0) break;
    kept.push({ role: message.role, content: message.content });
  }
  return kept.reverse();
}
