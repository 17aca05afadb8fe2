// Markdown pieces of a session's export: headings that stay one line, instructions in a fence
// no backticks inside can close, and replies cut inside a code block closed again.

/** A fenced code block whose fence no run of backticks inside the code can close early. */
export function fencedBlock(code: string, language = ""): string {
  const longestRun = Math.max(0, ...Array.from(code.matchAll(/`+/g), (run) => run[0].length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${code.replace(/\n$/, "")}\n${fence}`;
}

/** A name or label on one line: a line break inside would end the heading early. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * The content, with the code block it leaves open (a reply stopped mid-code) closed, so the
 * next turn's heading is not swallowed into it. Content is otherwise written as it is: it is
 * Markdown already, and its own code blocks stay intact.
 */
export function closeOpenFence(content: string): string {
  let open: string | null = null;
  for (const text of content.split("\n")) {
    const match = FENCE_LINE.exec(text);
    if (!match) continue;
    const [, fence = "", rest = ""] = match;
    if (open === null) {
      // A backtick fence's info string cannot hold a backtick (CommonMark 4.5).
      if (fence.startsWith("`") && rest.includes("`")) continue;
      open = fence;
    } else if (fence[0] === open[0] && fence.length >= open.length && rest.trim() === "") {
      open = null;
    }
  }
  const body = content.replace(/\n+$/, "");
  return open === null ? body : `${body}\n${open}`;
}

/** A timestamp as people read it: `2026-11-29 13:40 UTC`. */
export function readableTime(date: Date | string): string {
  return `${new Date(date).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
