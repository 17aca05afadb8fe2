import { Transform } from "node:stream";
import yauzl from "yauzl";
import { ImportFormatError } from "./conversation";
import { MAX_ZIP_ENTRY_BYTES, MAX_ZIP_RATIO, ZIP_RATIO_EXEMPT_BYTES } from "./limits";

/** The conversations.json of the zip ChatGPT mails, inflated as it is read. */
export interface ZipEntryStream {
  chunks: AsyncIterable<Uint8Array>;
  /** What the entry says it inflates to (checked while reading). */
  size: number;
  close(): void;
}

const zipMagic = [0x50, 0x4b];

/** Whether a file's first bytes are a zip's (a local file header or an empty archive). */
export function isZip(head: Uint8Array): boolean {
  return head[0] === zipMagic[0] && head[1] === zipMagic[1] && (head[2] === 3 || head[2] === 5);
}

/**
 * Opens a zip's conversations.json without extracting anything: refused when the zip has
 * none, when it is encrypted, or when its sizes look like a zip bomb; and its stream fails
 * at MAX_ZIP_ENTRY_BYTES whatever the header claims (yauzl also fails it past the claimed
 * size), so no archive can make the server inflate without bound.
 */
export async function openZipConversations(path: string): Promise<ZipEntryStream> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch {
    throw new ImportFormatError("This zip cannot be read: it is damaged or not a zip");
  }
  try {
    const entry = await findConversations(zip);
    if (entry.isEncrypted()) throw new ImportFormatError("This zip is encrypted");
    const size = entry.uncompressedSize;
    const ratio = size / Math.max(entry.compressedSize, 1);
    if (size > MAX_ZIP_ENTRY_BYTES) {
      throw new ImportFormatError(
        `This zip's conversations.json is larger than ${MAX_ZIP_ENTRY_BYTES / 1024 ** 3} GiB`,
      );
    }
    if (size > ZIP_RATIO_EXEMPT_BYTES && ratio > MAX_ZIP_RATIO) {
      throw new ImportFormatError("This zip looks like a zip bomb: it inflates too much");
    }
    const inflated = await zip.openReadStreamPromise(entry);
    const limited = inflated.pipe(byteLimit(MAX_ZIP_ENTRY_BYTES));
    inflated.on("error", () => {
      limited.destroy(new ImportFormatError("This zip's conversations.json is damaged"));
    });
    const close = () => {
      limited.destroy();
      zip.close();
    };
    return { chunks: limited, size, close };
  } catch (error) {
    zip.close();
    if (error instanceof ImportFormatError) throw error;
    throw new ImportFormatError("This zip cannot be read: it is damaged");
  }
}

async function findConversations(zip: yauzl.ZipFile): Promise<yauzl.Entry> {
  for await (const entry of zip.eachEntry()) {
    const name = entry.fileName.split("/").pop();
    if (name === "conversations.json") return entry;
  }
  throw new ImportFormatError("This zip has no conversations.json");
}

function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) {
        done(new ImportFormatError("This zip's conversations.json inflates beyond the limit"));
      } else {
        done(null, chunk);
      }
    },
  });
}
