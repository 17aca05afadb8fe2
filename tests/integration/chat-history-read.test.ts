// /api/chat when reading the session's history fails after the question and its reply row were
// saved (a dropped pooled connection; seen under fault scenario 1b). The reply must not stay
// `streaming` for ever, and a retry of the same question must not look like a finished answer.
import { afterEach, describe, expect, it, vi } from "vitest";
import { signUp } from "../helpers/app";
import { chatBody, sessionFor, sessionRows, settledReply } from "../helpers/chat";
import { captureLog } from "../helpers/log";
import { readChunks, streamedText } from "../helpers/ui-stream";

process.env.AI_PROVIDER = "offline";

const failures: Error[] = [];
vi.mock("@/server/queries/chat-replies", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/server/queries/chat-replies")>();
  return {
    ...real,
    recentMessages: (...args: Parameters<typeof real.recentMessages>) => {
      const failure = failures.shift();
      return failure ? Promise.reject(failure) : real.recentMessages(...args);
    },
  };
});

const dropped = () => new Error("Connection terminated unexpectedly");
const broken = () => Object.assign(new Error("canceling statement"), { code: "57014" });

afterEach(() => {
  failures.length = 0;
  vi.restoreAllMocks();
});

describe("POST /api/chat when the history read fails", () => {
  it("reads it again on a dropped connection and answers", async () => {
    captureLog();
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    failures.push(dropped(), dropped());
    const chunks = await readChunks(
      await alice.stream("/api/chat", chatBody(chatSession.id, "answer me anyway")),
    );
    const text = streamedText(chunks);
    expect(text).toContain("answer me anyway");
    expect(failures).toHaveLength(0);
    const [, reply] = await sessionRows(chatSession.id);
    expect(reply).toMatchObject({ status: "complete", content: text });
  });

  it("fails the request and leaves the reserved reply an error, which a retry gets back", async () => {
    captureLog();
    const alice = await signUp();
    const { chatSession } = await sessionFor(alice);
    failures.push(broken());
    const body = chatBody(chatSession.id, "this read breaks");
    const first = await alice.post("/api/chat", body);
    expect(first.status).toBe(500);

    const [question, reserved] = await sessionRows(chatSession.id);
    expect(question).toMatchObject({ role: "user", content: "this read breaks" });
    expect(await settledReply(String(reserved?.id))).toMatchObject({
      status: "error",
      content: "",
    });

    const chunks = await readChunks(await alice.stream("/api/chat", body));
    expect(chunks.find((c) => c.type === "start")?.messageId).toBe(reserved?.id);
    expect(chunks.some((c) => c.type === "error")).toBe(true);
    expect(await sessionRows(chatSession.id)).toHaveLength(2);
  });
});
