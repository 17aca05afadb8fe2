import { ApiClientError } from "./api-client";
import type { ErrorBody } from "./contract/bodies";
import type { ImportJob } from "./contract/imports";
import { formatBytes } from "./import-wording";

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POST /api/import through XMLHttpRequest, whose upload events give a real progress bar for a
 * large file (fetch has none for a request body). Resolves with the queued import; rejects with
 * an ApiClientError whose message says what went wrong in words.
 */
export function uploadImport(
  file: File,
  {
    projectId,
    onProgress,
    signal,
  }: {
    projectId?: string;
    onProgress: (progress: UploadProgress) => void;
    signal?: AbortSignal;
  },
): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/import");
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    xhr.onload = () => {
      const body = xhr.response as { import?: ImportJob } | Partial<ErrorBody> | null;
      if (xhr.status === 202 && body && "import" in body && body.import) {
        resolve(body.import);
        return;
      }
      const error = body && "error" in body ? body.error : undefined;
      reject(
        new ApiClientError(
          xhr.status,
          error?.code ?? "internal",
          uploadErrorText(xhr.status, error?.message, Number(xhr.getResponseHeader("retry-after"))),
        ),
      );
    };
    xhr.onerror = () =>
      reject(new ApiClientError(0, "unavailable", "The upload failed: check your connection"));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("file", file);
    if (projectId) form.append("projectId", projectId);
    xhr.send(form);
  });
}

/** The server's message, put for people where its status says more than its words. */
function uploadErrorText(
  status: number,
  message: string | undefined,
  retryAfterSeconds: number,
): string {
  if (status === 413) {
    const limit = Number(/(\d+) bytes/.exec(message ?? "")?.[1]);
    return Number.isFinite(limit) && limit > 0
      ? `This file is too large: the limit is ${formatBytes(limit)}.`
      : "This file is too large to import.";
  }
  if (status === 429) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return minutes > 0
      ? `Too many imports: try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`
      : "Too many imports: wait a while and try again.";
  }
  if (status === 404) return "That project no longer exists: choose another.";
  return message ?? `The upload failed (${status || "no answer"}).`;
}
