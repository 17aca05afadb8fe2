import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ImportFormatError } from "@/server/import-formats/conversation";
import { MAX_MESSAGE_CHARS, MAX_TREE_DEPTH } from "@/server/import-formats/limits";
import { TopLevelJsonReader } from "@/server/import-formats/top-level-json";
import { buildZip, fixturePath, importError, tempFolder } from "../helpers/import-files";

const folder = tempFolder();
const notAnExport = "This JSON is not a ChatGPT, Open WebUI, LibreChat or Craft export";

async function expectRefused(file: string, message: string | RegExp) {
  const error = await importError(file);
  expect(error).toBeInstanceOf(ImportFormatError);
  if (typeof message === "string") expect((error as Error).message).toBe(message);
  else expect((error as Error).message).toMatch(message);
}

describe("a file that is not an export", () => {
  it.each([
    ["chatgpt-cycle.json", /^The conversation "Round and round" has a cycle in its messages$/],
    [
      "openwebui-orphan.json",
      /^The conversation "Lost parent" has a message \(o2\) whose parent o-missing is missing$/,
    ],
    ["not-json.txt", "This file is not JSON"],
    ["wrong-format.json", notAnExport],
  ])("%s is refused with what is wrong", async (name, message) => {
    await expectRefused(fixturePath(name), message);
  });

  it.each([
    ["empty", "", "This file is empty"],
    ["blank", " \n\t ", "This file is empty"],
    ["bare number", "42", "This file is not JSON"],
    ["empty array", "[]", "This file holds no conversations"],
    ["array of numbers", "[1, 2]", notAnExport],
    ["object of nothing known", '{"a": 1}', notAnExport],
    ["two documents", '{"a": 1} {"b": 2}', /^This file is not valid JSON/],
    ["a ChatGPT conversation without its id", '[{"mapping": {}}]', /has no conversation_id/],
    [
      "a LibreChat message without its id",
      '{"conversationId": "c", "title": "T", "messages": [{"text": "hi"}]}',
      /^The LibreChat conversation "T" has a message that cannot be read/,
    ],
  ])("%s is refused", async (name, content, message) => {
    await expectRefused(await folder.write(`${name}.json`, content), message);
  });

  it("a file cut short is refused as damaged JSON", async () => {
    const json = await readFile(fixturePath("chatgpt-conversations.json"), "utf8");
    const cut = await folder.write("cut.json", json.slice(0, Math.floor(json.length * 0.7)));
    await expectRefused(
      cut,
      /^This file is not valid JSON: it is damaged or cut short near byte \d+$/,
    );
  });

  it("a message longer than the limit is refused, naming its conversation", async () => {
    const text = "x".repeat(MAX_MESSAGE_CHARS + 1);
    const file = await folder.write(
      "long.json",
      JSON.stringify({ conversationId: "c", title: "Long", messages: [{ messageId: "m", text }] }),
    );
    await expectRefused(
      file,
      `The conversation "Long" has a message longer than ${MAX_MESSAGE_CHARS} characters`,
    );
  });

  it("a recursive LibreChat tree deeper than the limit is refused", async () => {
    let messages = "[]";
    for (let i = MAX_TREE_DEPTH; i >= 0; i--) {
      messages = `[{"messageId":"m${i}","text":"t","children":${messages}}]`;
    }
    const file = await folder.write(
      "deep.json",
      `{"conversationId":"d","title":"Deep","messages":${messages}}`,
    );
    await expectRefused(
      file,
      `The LibreChat conversation "Deep" nests deeper than ${MAX_TREE_DEPTH} replies`,
    );
  });

  it("a conversation larger than the limit is refused as it is read, not after", async () => {
    const chunk = new TextEncoder().encode(`"${"x".repeat(1000)}", `);
    let chunksRead = 0;
    async function* chunks() {
      yield new TextEncoder().encode('[{"a": [');
      for (;;) {
        chunksRead++;
        yield chunk;
      }
    }
    const reader = new TopLevelJsonReader(chunks(), 10_000);
    await expect(reader.next()).rejects.toThrow(
      "A conversation in this file is larger than 10000 bytes",
    );
    expect(chunksRead).toBeLessThan(12);
  });
});

describe("a hostile zip", () => {
  it("without conversations.json is refused", async () => {
    const zip = await folder.write("other.zip", await buildZip({ "chat.html": "<html></html>" }));
    await expectRefused(zip, "This zip has no conversations.json");
  });

  it("that is damaged is refused", async () => {
    const zip = await buildZip({ "conversations.json": "[]" });
    const file = await folder.write("damaged.zip", zip.subarray(0, zip.length - 10));
    await expectRefused(file, "This zip cannot be read: it is damaged or not a zip");
  });

  it("that inflates far beyond its size (a zip bomb) is refused before it is inflated", async () => {
    const bomb = await buildZip({ "conversations.json": Buffer.alloc(32 * 1024 * 1024, 0x20) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectRefused(
      await folder.write("bomb.zip", bomb),
      "This zip looks like a zip bomb: it inflates too much",
    );
  });

  it("whose header claims less than it holds is stopped at the claimed size", async () => {
    const json = await readFile(fixturePath("chatgpt-conversations.json"));
    const zip = await buildZip({ "conversations.json": json });
    // The central directory entry's uncompressed size (offset 24), the size yauzl trusts.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt32LE(central + 24)).toBe(json.length);
    zip.writeUInt32LE(100, central + 24);
    await expectRefused(
      await folder.write("liar.zip", zip),
      "This zip's conversations.json is damaged",
    );
  });
});
