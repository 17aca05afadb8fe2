import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lockDataDir } from "@/server/db/pglite-lock";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "craft-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("lockDataDir", () => {
  it("refuses a folder another live process holds, naming it", () => {
    const dir = tempDir();
    // pid 1 is always alive: it stands for "another Craft process".
    fs.writeFileSync(path.join(dir, "craft.lock"), "1");
    expect(() => lockDataDir(dir)).toThrow(/in use by another process \(pid 1\).*DATABASE_URL/s);
  });

  it("takes over a lock whose process has died, and releases it", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "craft.lock"), "999999999");
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, "craft.lock"), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, "craft.lock"))).toBe(false);
  });
});
