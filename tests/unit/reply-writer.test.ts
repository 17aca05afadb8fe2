// The final save of a reply outlives a database restart; other failures are not retried.
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureLog } from "../helpers/log";

const finishReply = vi.fn();
vi.mock("@/server/queries/chat-replies", () => ({
  finishReply: (...args: unknown[]) => finishReply(...args),
  saveReplyProgress: vi.fn(async () => null),
}));

const { writeReply } = await import("@/server/ai/reply-writer");

async function* modelSays(...words: string[]) {
  for (const text of words) yield { type: "text-delta", id: "t", text } as never;
}

const refused = () =>
  Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
    code: "ECONNREFUSED",
  });

afterEach(() => {
  finishReply.mockReset();
  vi.useRealTimers();
});

describe("writeReply's final save", () => {
  it("tries again while the database is unreachable and saves the whole text", async () => {
    captureLog();
    const row = { id: "r1", content: "Hello world", status: "complete" };
    finishReply.mockRejectedValueOnce(refused()).mockRejectedValueOnce(refused());
    finishReply.mockResolvedValueOnce(row);
    const onSaved = vi.fn(async () => {});
    const result = await writeReply({} as never, {
      reply: { id: "r1", userId: "u1" },
      parts: modelSays("Hello", " world"),
      onSaved,
    });
    expect(result).toEqual({ outcome: "complete", text: "Hello world" });
    expect(finishReply).toHaveBeenCalledTimes(3);
    expect(finishReply).toHaveBeenLastCalledWith(expect.anything(), {
      id: "r1",
      userId: "u1",
      content: "Hello world",
      status: "complete",
    });
    expect(onSaved).toHaveBeenCalledWith(row);
  });

  it("does not retry an error that is not about reaching the database", async () => {
    finishReply.mockRejectedValue(new Error("value too long for type"));
    await expect(
      writeReply({} as never, {
        reply: { id: "r2", userId: "u1" },
        parts: modelSays("Hi"),
        onSaved: async () => {},
      }),
    ).rejects.toThrow("value too long");
    expect(finishReply).toHaveBeenCalledTimes(1);
  });

  it("gives up after the retry window and reports the failure", async () => {
    vi.useFakeTimers();
    captureLog();
    finishReply.mockRejectedValue(refused());
    const writing = writeReply({} as never, {
      reply: { id: "r3", userId: "u1" },
      parts: modelSays("Hi"),
      onSaved: async () => {},
    });
    const failed = expect(writing).rejects.toThrow("ECONNREFUSED");
    await vi.advanceTimersByTimeAsync(61_000);
    await failed;
    // 100, 200, 400, 800, 1600 ms, then every 2 s until 60 s are used up
    expect(finishReply.mock.calls.length).toBeGreaterThan(20);
    expect(finishReply.mock.calls.length).toBeLessThan(40);
  });
});
