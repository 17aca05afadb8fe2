// A fingerprint of everything `next build` reads, so `npm start` rebuilds only when it changed.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const inputs = [
  "src",
  "public",
  "drizzle",
  "package-lock.json",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
];

function* files(entry) {
  if (!fs.existsSync(entry)) return;
  if (fs.statSync(entry).isDirectory()) {
    for (const name of fs.readdirSync(entry).sort()) yield* files(path.join(entry, name));
  } else {
    yield entry;
  }
}

export function sourceHash(root = process.cwd()) {
  const hash = createHash("sha256");
  for (const input of inputs) {
    for (const file of files(path.join(root, input))) {
      hash.update(path.relative(root, file));
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest("hex");
}
