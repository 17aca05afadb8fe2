import { copyFile, readFile } from "node:fs/promises";
import { describe, expect, it, vi } from "vitest";
import type { ImportFile } from "@/server/import-formats/conversation";
import { openImportFile } from "@/server/import-formats/open-import-file";
import { buildZip, fixturePath, tempFolder } from "../helpers/import-files";

// Craft's own reader is another file's business: here only that it is handed the file.
const craftFile = { source: "craft" } as ImportFile;
const openCraftExport = vi.hoisted(() => vi.fn());
vi.mock("@/server/import-formats/craft", () => ({ openCraftExport }));
openCraftExport.mockImplementation(() => craftFile);

const folder = tempFolder();

describe("openImportFile", () => {
  it.each([
    ["chatgpt-conversations.json", "chatgpt"],
    ["openwebui-export.json", "openwebui"],
    ["librechat-export.json", "librechat"],
    ["librechat-recursive.json", "librechat"],
  ])("tells %s by its content, whatever the file is called", async (name, source) => {
    const renamed = await folder.write(`${source}-${name.length}.bin`, "");
    await copyFile(fixturePath(name), renamed);
    const opened = await openImportFile(renamed);
    expect(opened.source).toBe(source);
    await opened.close();
  });

  it("reads past a UTF-8 byte order mark", async () => {
    const json = await readFile(fixturePath("librechat-export.json"));
    const file = await folder.write(
      "bom.json",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]),
    );
    const opened = await openImportFile(file);
    expect(opened.source).toBe("librechat");
    await opened.close();
  });

  it.each([
    [
      "JSON naming itself first",
      '{\n  "type": "craft.export",\n  "version": 1,\n  "sessions": []\n}',
    ],
    [
      "NDJSON naming itself on its first line",
      '{"type":"craft.export","version":1}\n{"session":{}}\n',
    ],
    ["JSON naming itself further on", '{"version": 1, "sessions": [], "type": "craft.export"}'],
  ])("hands Craft's own export (%s) to the Craft reader", async (_name, content) => {
    openCraftExport.mockClear();
    const file = await folder.write(`craft-${content.length}.json`, content);
    expect(await openImportFile(file)).toBe(craftFile);
    expect(openCraftExport).toHaveBeenCalledWith(file, Buffer.byteLength(content));
  });

  it("reads a file's conversations once, and closes safely twice", async () => {
    const zip = await buildZip({
      "conversations.json": await readFile(fixturePath("chatgpt-conversations.json")),
    });
    const opened = await openImportFile(await folder.write("once.zip", zip));
    const first = opened.conversations()[Symbol.asyncIterator]();
    expect((await first.next()).done).toBe(false);
    await expect(opened.conversations()[Symbol.asyncIterator]().next()).rejects.toThrow(
      "read once",
    );
    await opened.close();
    await opened.close();
  });
});
