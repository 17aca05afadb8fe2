import { readFile } from "node:fs/promises";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ImportFormatError } from "@/server/import-formats/conversation";
import { fixturePath, importError, tempFolder } from "../helpers/import-files";

// Fixtures mutated at random, as bytes and as JSON: whatever comes of it is read or refused
// with an ImportFormatError, never another error. FUZZ_SEED=<seed> replays a failing run.

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 17;
const fixtures = [
  "chatgpt-conversations.json",
  "openwebui-export.json",
  "librechat-export.json",
  "librechat-recursive.json",
];
const folder = tempFolder();
let written = 0;

async function expectReadOrRefused(content: string | Buffer) {
  const file = await folder.write(`fuzz-${written++}.json`, content);
  const error = await importError(file);
  if (error !== null && !(error instanceof ImportFormatError)) throw error;
}

type Slot = { container: Record<string, unknown> | unknown[]; key: string | number };

/** Every place a value sits in a JSON document, and every string in it (ids to mix up). */
function slotsOf(root: unknown): { slots: Slot[]; strings: string[] } {
  const slots: Slot[] = [];
  const strings: string[] = [];
  const stack = [root];
  for (let value = stack.pop(); value !== undefined; value = stack.pop()) {
    if (typeof value === "string") strings.push(value);
    if (typeof value !== "object" || value === null) continue;
    const container = value as Record<string, unknown> | unknown[];
    for (const [key, child] of Object.entries(container)) {
      slots.push({ container, key: Array.isArray(container) ? Number(key) : key });
      stack.push(child);
    }
  }
  return { slots, strings };
}

const edit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("delete", "replace", "relink", "duplicate"),
  value: fc.jsonValue({ maxDepth: 2 }),
  pick: fc.nat(),
});

describe.each(fixtures)("%s, mutated", (name) => {
  it("as bytes: read or refused with an ImportFormatError", async () => {
    const original = await readFile(fixturePath(name));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            at: fc.nat(),
            kind: fc.constantFrom("flip", "cut", "drop", "insert"),
            byte: fc.integer({ min: 0, max: 255 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (edits) => {
          let bytes = Buffer.from(original);
          for (const { at, kind, byte } of edits) {
            const i = at % Math.max(bytes.length, 1);
            if (kind === "flip") bytes[i] = byte;
            if (kind === "cut") bytes = bytes.subarray(0, i);
            if (kind === "drop")
              bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
            if (kind === "insert")
              bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
          }
          await expectReadOrRefused(bytes);
        },
      ),
      { seed, numRuns: 150 },
    );
  });

  it("as JSON: read or refused with an ImportFormatError", async () => {
    const original = await readFile(fixturePath(name), "utf8");
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const document: unknown = JSON.parse(original);
        for (const { at, kind, value, pick } of edits) {
          const { slots, strings } = slotsOf(document);
          const slot = slots[at % slots.length];
          if (!slot) break;
          const { container, key } = slot;
          const target = container as Record<string | number, unknown>;
          if (kind === "delete") {
            if (Array.isArray(container)) container.splice(Number(key), 1);
            else delete target[key];
          }
          if (kind === "replace") target[key] = value;
          // An id from elsewhere in the file: cycles, orphans and duplicates.
          if (kind === "relink") target[key] = strings[pick % strings.length] ?? null;
          if (kind === "duplicate")
            target[key] = structuredClone(slots[pick % slots.length]?.container);
        }
        await expectReadOrRefused(JSON.stringify(document));
      }),
      { seed, numRuns: 150 },
    );
  });
});

it("the fuzzing really refuses some files and reads others", async () => {
  // Without both outcomes the properties above would hold of a reader that does nothing.
  const cut = await folder.write(
    "half.json",
    (await readFile(fixturePath(fixtures[0] ?? ""), "utf8")).slice(0, 100),
  );
  expect(await importError(cut)).toBeInstanceOf(ImportFormatError);
  expect(await importError(fixturePath(fixtures[0] ?? ""))).toBeNull();
});
