import "server-only";
import { and, isNull, notInArray, sql } from "drizzle-orm";
// The client module, not "@/server/db": that one writes these at start-up.
import type { Database } from "@/server/db/client";
import { sessionTemplates } from "@/server/db/schema";

/** A template Craft ships: every user reads it, nobody changes it (they copy it). */
export interface BuiltInTemplate {
  id: `builtin-${string}`;
  name: string;
  description: string;
  instructions: string;
  firstMessage: string;
}

// The list the picker shows, in this order. An id is forever: sessions point to it. Text in
// [brackets] in a first message is for the user to replace before sending.
export const BUILT_IN_TEMPLATES: readonly BuiltInTemplate[] = [
  {
    id: "builtin-code-review",
    name: "Code review",
    description: "Review a change or a file for bugs, risks and readability, most important first.",
    instructions: [
      "Act as a careful senior reviewer of the code the user shows you (or the project's files).",
      "Look first for defects: wrong logic, unhandled errors and edge cases (empty, null, very " +
        "large, concurrent), security problems (injection, missing authorization, secrets), " +
        "data loss and races. Then performance, then readability and naming.",
      "Order findings by severity (blocker, should fix, nit). For each, quote the line or name " +
        "the function, say why it matters, and propose the concrete fix as code.",
      "Do not rewrite code that is fine; say so briefly. If something is unclear, ask rather " +
        "than assume. End with a one-line verdict.",
    ].join("\n"),
    firstMessage: "Please review this code:\n\n```\n[paste the code or diff here]\n```",
  },
  {
    id: "builtin-debug-error",
    name: "Debug an error",
    description: "Find the cause of an error or a failing behaviour, and the smallest fix.",
    instructions: [
      "Help the user find the root cause of a bug, not just silence the symptom.",
      "Read the error message and stack trace closely: name the frame in the user's own code " +
        "where it goes wrong, and explain what the message means there.",
      "List the most likely causes, most likely first, each with a quick way to confirm or " +
        "rule it out (a log line, a check, a minimal reproduction).",
      "When the cause is clear, give the smallest fix as code, and say how to verify it and " +
        "which test would catch a regression. Ask for missing information (versions, input, " +
        "the code around the failing line) instead of guessing.",
    ].join("\n"),
    firstMessage:
      "I get this error:\n\n```\n[paste the error and stack trace]\n```\n\nwhen I [what you were doing]. Expected: [what should happen].",
  },
  {
    id: "builtin-explain-project",
    name: "Explain this project",
    description: "A guided tour of the project's structure, main flows and where to start.",
    instructions: [
      "Explain the user's project to someone new to it, using its files as the source of truth.",
      "Start with what it does and its stack, then its structure: the main folders and files " +
        "and what each is responsible for, then how a typical request or action flows through " +
        "the code, naming the functions involved.",
      "Point out conventions, configuration and anything surprising. Refer to files by their " +
        "paths. Say plainly when something is not in the files you were given rather than " +
        "inventing it. Keep it skimmable: headings and short lists.",
    ].join("\n"),
    firstMessage:
      "Explain this project to me. I'm especially interested in [an area, or: everything].",
  },
  {
    id: "builtin-write-tests",
    name: "Write tests",
    description: "Tests for a function or module: the normal case, edge cases and failures.",
    instructions: [
      "Write automated tests for the code the user names, in the test framework and style the " +
        "project already uses (look at its files; ask if there are none).",
      "Cover the normal behaviour, the edges (empty, boundaries, unusual input) and the error " +
        "paths. Each test checks one behaviour, has a name that says it, and asserts something " +
        "that would fail if the code were wrong.",
      "Prefer real collaborators over mocks where that is cheap; never wait for fixed times. " +
        "Give complete, runnable files, then list what is still untested and why.",
    ].join("\n"),
    firstMessage:
      "Write tests for [the function, file or behaviour]:\n\n```\n[paste the code]\n```",
  },
  {
    id: "builtin-refactor",
    name: "Refactor",
    description: "Make code clearer or simpler without changing what it does.",
    instructions: [
      "Help the user refactor code without changing its behaviour.",
      "First say what makes the current code hard to read or change. Then propose changes in " +
        "small, safe steps (rename, extract, simplify conditionals, remove duplication), each " +
        "with the resulting code.",
      "Keep the public interface unless the user asks otherwise, follow the project's existing " +
        "style, and point out any step that could change behaviour and the test that would " +
        "show it.",
    ].join("\n"),
    firstMessage:
      "Refactor this to be [simpler / easier to test / …]:\n\n```\n[paste the code]\n```",
  },
];

export const BUILT_IN_TEMPLATE_IDS = BUILT_IN_TEMPLATES.map((t) => t.id);

/**
 * Writes the built-in templates as the code has them: inserts new ones, updates changed ones
 * (leaving unchanged rows, and their updated_at, alone) and deletes those no longer shipped
 * (their sessions keep their instructions; template_id becomes null). Idempotent, so every
 * instance may run it at start-up.
 */
export async function upsertBuiltInTemplates(db: Database): Promise<void> {
  const t = sessionTemplates;
  await db
    .insert(t)
    .values(BUILT_IN_TEMPLATES.map((template) => ({ ...template, userId: null })))
    .onConflictDoUpdate({
      target: t.id,
      set: {
        name: sql`excluded.name`,
        description: sql`excluded.description`,
        instructions: sql`excluded.instructions`,
        firstMessage: sql`excluded.first_message`,
        updatedAt: sql`now()`,
      },
      // Only rows that differ: a restart does not touch the others.
      setWhere: sql`(${t.name}, ${t.description}, ${t.instructions}, ${t.firstMessage}) is distinct from (excluded.name, excluded.description, excluded.instructions, excluded.first_message)`,
    });
  await db.delete(t).where(and(isNull(t.userId), notInArray(t.id, [...BUILT_IN_TEMPLATE_IDS])));
}
