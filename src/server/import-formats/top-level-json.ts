import { JSONParser } from "@streamparser/json";
import { ImportFormatError } from "./conversation";
import { MAX_CONVERSATION_BYTES } from "./limits";

export const notAnExport = "This JSON is not a ChatGPT, Open WebUI, LibreChat or Craft export";

/** One element of the top-level array, or one property of the top-level object. */
export interface TopLevelValue {
  key: string | number;
  value: unknown;
}

/**
 * Reads a JSON document's top-level values one at a time from a byte stream, so only one
 * of them is ever held in memory (the parser keeps nothing it has emitted). An array's
 * element, or a whole top-level object, larger than MAX_CONVERSATION_BYTES is refused as
 * it is read, before it can fill memory.
 */
export class TopLevelJsonReader {
  /** "array" or "object" once the first byte that is not white space has been read. */
  root: "array" | "object" | null = null;
  private bytes = 0;
  private sinceLastValue = 0;
  private readonly parser = new JSONParser({ paths: ["$.*"], keepStack: false });
  private readonly queue: TopLevelValue[] = [];
  private failure: Error | null = null;
  private done = false;

  constructor(
    private readonly chunks: AsyncIterator<Uint8Array>,
    private readonly maxValueBytes = MAX_CONVERSATION_BYTES,
  ) {
    this.parser.onValue = ({ key, value }) => {
      if (key === undefined) return;
      this.queue.push({ key, value });
      // An object's properties make one conversation together: only an array resets the count.
      if (this.root === "array") this.sinceLastValue = 0;
    };
    this.parser.onError = () => {
      this.failure ??= new ImportFormatError(
        `This file is not valid JSON: it is damaged or cut short near byte ${this.bytes}`,
      );
    };
  }

  /** Bytes of the document parsed so far. */
  bytesRead(): number {
    return this.bytes;
  }

  /** The next top-level value, or null once the document is over. */
  async next(): Promise<TopLevelValue | null> {
    while (this.queue.length === 0 && !this.done) {
      const { value: chunk, done } = await this.chunks.next();
      if (done) {
        this.done = true;
        if (this.root === null) throw new ImportFormatError("This file is empty");
        // The parser ends itself when the top-level value closes; short of that, the file is cut.
        if (!this.parser.isEnded) this.parser.end();
      } else {
        this.write(chunk);
      }
      if (this.failure) throw this.failure;
    }
    return this.queue.shift() ?? null;
  }

  private write(chunk: Uint8Array) {
    let bytes = chunk;
    if (this.root === null) {
      const start = firstSignificantByte(bytes, this.bytes === 0);
      if (start === bytes.length) {
        this.bytes += bytes.length;
        return;
      }
      this.root = rootOf(bytes[start] as number);
      bytes = bytes.subarray(start);
    }
    this.bytes += chunk.length;
    this.sinceLastValue += bytes.length;
    this.parser.write(bytes);
    if (this.sinceLastValue > this.maxValueBytes) {
      const mib = 1024 * 1024;
      const limit =
        this.maxValueBytes >= mib
          ? `${this.maxValueBytes / mib} MiB`
          : `${this.maxValueBytes} bytes`;
      this.failure ??= new ImportFormatError(`A conversation in this file is larger than ${limit}`);
    }
  }
}

const whiteSpace = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Where the document starts in its first chunk: after white space and a UTF-8 byte order mark. */
function firstSignificantByte(bytes: Uint8Array, atStart: boolean): number {
  let i = atStart && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && whiteSpace.has(bytes[i] as number)) i++;
  return i;
}

function rootOf(byte: number): "array" | "object" {
  if (byte === 0x5b) return "array";
  if (byte === 0x7b) return "object";
  // Every export is an array or an object; anything else is not one, even a bare JSON number.
  throw new ImportFormatError("This file is not JSON");
}
