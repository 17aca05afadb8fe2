import "server-only";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { env } from "@/env";
import { ApiError } from "@/server/http/errors";

/** An uploaded file on disk, and the form's other fields. */
export interface Upload {
  filePath: string;
  fileName: string;
  bytes: number;
  fields: Record<string, string>;
}

/** The folder uploads wait in until their import ends. */
export function uploadsFolder(): string {
  return path.join(env().CRAFT_DATA_DIR, "imports");
}

/**
 * Streams a multipart/form-data body's `file` to `${CRAFT_DATA_DIR}/imports/<id>`, never
 * holding more than a chunk of it: at most IMPORT_MAX_BYTES (413 beyond, the partial file
 * deleted). No file, an empty one or a body that is not multipart is a 400.
 */
export async function receiveUpload(req: Request, id: string): Promise<Upload> {
  const max = env().IMPORT_MAX_BYTES;
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type) || !req.body)
    throw new ApiError(
      "bad_request",
      "Send the file as multipart/form-data, in a field named file",
    );
  // A declared length is the file plus a little form around it: refuse early what cannot fit.
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > max + FORM_OVERHEAD_BYTES) throw tooLarge(max);
  await mkdir(uploadsFolder(), { recursive: true });
  const filePath = path.join(uploadsFolder(), id);
  try {
    return await parseForm(req, { filePath, max });
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
}

/** Room for the multipart framing and the small fields beside the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

function tooLarge(max: number) {
  return new ApiError("payload_too_large", `The file is larger than ${max} bytes`);
}

async function parseForm(
  req: Request,
  { filePath, max }: { filePath: string; max: number },
): Promise<Upload> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: Object.fromEntries(req.headers),
      limits: { files: 1, fileSize: max, fields: 10, fieldSize: 1024, parts: 12 },
    });
  } catch {
    throw new ApiError("bad_request", "The multipart/form-data body has no boundary");
  }
  const fields: Record<string, string> = {};
  let file: Promise<{ fileName: string; bytes: number; truncated: boolean }> | null = null;
  parser.on("field", (name, value) => {
    fields[name] = value;
  });
  parser.on("file", (name, stream, info) => {
    if (name !== "file" || file) {
      stream.resume();
      return;
    }
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.byteLength;
        callback(null, chunk);
      },
    });
    file = pipeline(stream, count, createWriteStream(filePath)).then(() => ({
      fileName: info.filename || "upload",
      bytes,
      truncated: (stream as { truncated?: boolean }).truncated === true,
    }));
    // Keep an early failure from being unhandled while the rest of the form is read.
    file.catch(() => {});
  });
  try {
    await pipeline(Readable.fromWeb(req.body as WebReadableStream<Uint8Array>), parser);
  } catch {
    throw new ApiError("bad_request", "The multipart/form-data body could not be read");
  }
  if (!file)
    throw new ApiError("bad_request", "The form has no file: send it in a field named file");
  const written = await (file as Promise<{ fileName: string; bytes: number; truncated: boolean }>);
  if (written.truncated) throw tooLarge(max);
  if (written.bytes === 0) throw new ApiError("bad_request", "The file is empty");
  return { filePath, fileName: written.fileName, bytes: written.bytes, fields };
}
