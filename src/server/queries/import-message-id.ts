import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const LENGTH = 24;
// The largest multiple of 36 a byte reaches: bytes from it up are dropped, so every character
// is equally likely.
const UNBIASED = 252;

/**
 * A fresh id for an imported message: 24 characters of base36 from the system's CSPRNG (about
 * 124 bits), as unguessable as cuid2's and within ID_PATTERN. Not cuid2 because an import
 * makes one per message, and cuid2's SHA-3 over big-number entropy was about 29 % of the
 * import's busy time (BENCHMARKS.md, Import).
 */
export function importedMessageId(): string {
  let id = "";
  while (id.length < LENGTH) {
    for (const byte of randomBytes(LENGTH + 4)) {
      if (byte < UNBIASED) id += ALPHABET[byte % ALPHABET.length];
      if (id.length === LENGTH) break;
    }
  }
  return id;
}
