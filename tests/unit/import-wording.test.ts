import { describe, expect, it } from "vitest";
import type { ImportJob } from "@/lib/contract/imports";
import {
  formatBytes,
  importPercent,
  importStatusText,
  laterImportState,
} from "@/lib/import-wording";

const job = (over: Partial<ImportJob>): ImportJob => ({
  id: "i1",
  status: "running",
  source: "chatgpt",
  fileName: "conversations.json",
  projectId: null,
  createdProjectIds: [],
  bytesRead: 0,
  totalBytes: 1000,
  conversationsImported: 0,
  conversationsSkipped: 0,
  messagesImported: 0,
  error: null,
  createdAt: "2026-01-10T12:00:00.000Z",
  finishedAt: null,
  ...over,
});

describe("importStatusText", () => {
  it.each([
    [job({ status: "queued" }), "Waiting to start…"],
    [job({ source: null }), "Checking the file…"],
    [job({ conversationsImported: 1 }), "Importing: 1 chat imported"],
    [
      job({ status: "done", conversationsImported: 1200, conversationsSkipped: 3 }),
      "Done: 1,200 chats imported, 3 skipped (already imported)",
    ],
    [job({ status: "failed", error: "This file is not JSON" }), "Failed: This file is not JSON"],
  ])("case %#", (state, expected) => {
    expect(importStatusText(state)).toBe(expected);
  });
});

describe("importPercent", () => {
  it("is the share read, whole, and 0 before the size is known", () => {
    expect(importPercent(job({ bytesRead: 999 }))).toBe(99);
    expect(importPercent(job({ totalBytes: 0 }))).toBe(0);
    expect(importPercent(job({ status: "done", bytesRead: 10 }))).toBe(100);
  });
});

describe("laterImportState", () => {
  it("keeps the later of two states whichever order they come in", () => {
    const running = job({ bytesRead: 500 });
    const earlier = job({ bytesRead: 100 });
    const done = job({ status: "done", bytesRead: 1000 });
    expect(laterImportState(running, earlier)).toBe(running);
    expect(laterImportState(earlier, running)).toBe(running);
    expect(laterImportState(done, running)).toBe(done);
    expect(laterImportState(job({ status: "queued" }), earlier)).toBe(earlier);
  });
});

describe("formatBytes", () => {
  it.each([
    [512, "512 bytes"],
    [1536, "1.5 KB"],
    [1024 ** 3, "1 GB"],
    [200 * 1024 ** 2, "200 MB"],
  ])("%d is %s", (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
