import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/env";

/**
 * BETTER_AUTH_SECRET when set; otherwise a random secret made on first start and kept in the
 * data folder, so sessions survive restarts and no fixed secret ever ships in the code.
 */
let cached: string | undefined;

export function authSecret(): string {
  cached ??= readOrCreateSecret();
  return cached;
}

function readOrCreateSecret(): string {
  const config = env();
  if (config.BETTER_AUTH_SECRET) return config.BETTER_AUTH_SECRET;
  const dir = path.resolve(config.CRAFT_DATA_DIR);
  const file = path.join(dir, "auth-secret");
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  if (secret.length < 32)
    throw new Error(`${file} holds no usable secret; delete it to make a new one`);
  return secret;
}
