// Session summaries through the real provider code, against the fake OpenAI server: when they
// are made, what the summarizing model reads, what a long chat's reply receives, failures.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase } from "@/server/db";
import { skipDepthsSql } from "@/server/queries/skip-pointers";
import { summaryRunsSettled } from "@/server/summaries/summarize-session";
import { type Client, signUp } from "../helpers/app";
import { chatBody, newId, repliesSettled } from "../helpers/chat";
import { type FakeRequest, fakeProviderForFile, PROVIDER_ERROR_TEXT } from "../helpers/fake-openai";
import { readChunks } from "../helpers/ui-stream";

// Small enough that a dozen turns overflow it.
process.env.AI_CONTEXT_BUDGET_CHARS = "1500";
process.env.CHAT_RATE_LIMIT_PER_MINUTE = "1000";
const fake = await fakeProviderForFile();

const isSummaryRequest = (request: FakeRequest) =>
  String(request.messages[0]?.content).startsWith("You keep a running summary");
const summaryRequests = () => fake.requests.filter(isSummaryRequest);
const chatRequests = () => fake.requests.filter((request) => request.stream);
const promptOf = (request: FakeRequest | undefined) => String(request?.messages.at(-1)?.content);

/** The fake answers summary requests with a numbered summary: the nth one says "Summary n". */
function answerSummaries(status?: number) {
  let made = 0;
  fake.behaviour.respond = (request) => {
    if (!isSummaryRequest(request)) return undefined;
    if (status) return { status };
    made += 1;
    return {
      text: `**Summary:** Summary ${made}: the user is tuning a Postgres query.\n\nKey points:\n- plan ${made}\n* index on (user_id, created_at)`,
    };
  };
}

/** A question: short ones all fit the context; long ones (300 characters) overflow it soon. */
const question = (n: number, long = false) =>
  `Question ${n}: ${"why is this query slow? ".repeat(long ? 12 : 2)}`.trim();

async function ask(user: Client, chatSessionId: string, text: string) {
  await readChunks(await user.stream("/api/chat", chatBody(chatSessionId, text)));
  await repliesSettled();
  await summaryRunsSettled();
}

async function sessionWithTurns(user: Client, turns: number, long = false) {
  const project = (await user.post("/api/projects", { name: "Summaries" })).body.project;
  const { chatSession } = (await user.post("/api/chat-sessions", { projectId: project.id })).body;
  for (let n = 1; n <= turns; n++) await ask(user, chatSession.id, question(n, long));
  return { projectId: project.id as string, chatSessionId: chatSession.id as string };
}

const readSession = async (user: Client, id: string) =>
  (await user.get(`/api/chat-sessions/${id}`)).body.chatSession;

describe("automatic summaries", () => {
  it("makes the first after two turns and the next ten messages later, from the last one and only the new messages", async () => {
    answerSummaries();
    const alice = await signUp();
    const { chatSessionId } = await sessionWithTurns(alice, 1);
    expect(summaryRequests()).toHaveLength(0);
    expect(await readSession(alice, chatSessionId)).toMatchObject({
      summary: null,
      summaryStatus: "idle",
    });

    await ask(alice, chatSessionId, question(2));
    const first = summaryRequests();
    expect(first).toHaveLength(1);
    expect(promptOf(first[0])).toContain("This is the start of the conversation");
    expect(promptOf(first[0])).toContain(question(1));
    expect(promptOf(first[0])).toContain(question(2));
    let session = await readSession(alice, chatSessionId);
    expect(session).toMatchObject({
      summary: "Summary 1: the user is tuning a Postgres query.",
      summaryKeyPoints: ["plan 1", "index on (user_id, created_at)"],
      summaryMessageCount: 4,
      summaryStatus: "idle",
      summaryError: null,
    });
    expect(session.summaryThroughId).toBe(session.messages[3].id);
    expect(Date.parse(session.summaryUpdatedAt)).not.toBeNaN();

    for (let n = 3; n <= 6; n++) await ask(alice, chatSessionId, question(n));
    expect(summaryRequests()).toHaveLength(1); // 12 messages: 8 new, fewer than 10
    await ask(alice, chatSessionId, question(7));
    const second = summaryRequests()[1];
    expect(summaryRequests()).toHaveLength(2);
    // Incremental: the summary so far, then messages 5–14 only.
    expect(promptOf(second)).toContain("Summary of messages 1–4:\nSummary 1:");
    expect(promptOf(second)).toContain("New messages (5–14)");
    expect(promptOf(second)).not.toContain(question(1));
    expect(promptOf(second)).toContain(question(3));
    session = await readSession(alice, chatSessionId);
    expect(session).toMatchObject({
      summary: expect.stringMatching(/^Summary 2:/),
      summaryMessageCount: 14,
    });
  });
});

describe("a long chat's context", () => {
  it("gets the summary of what no longer fits, then the newest whole messages that do", async () => {
    answerSummaries();
    const alice = await signUp();
    const { chatSessionId } = await sessionWithTurns(alice, 7, true);
    const before = await readSession(alice, chatSessionId);
    expect(before.summary).not.toBeNull();
    fake.requests.length = 0;
    const last = question(8, true);
    await ask(alice, chatSessionId, last);

    const sent = chatRequests()[0];
    const system = String(sent?.messages[0]?.content);
    const earlier = system.slice(system.indexOf("Earlier in this conversation"));
    expect(earlier).toContain(`(a summary of messages 1–${before.summaryMessageCount};`);
    expect(earlier).toContain(before.summary);
    expect(earlier).toContain(`- ${before.summaryKeyPoints[0]}`);
    const turns = (sent?.messages ?? []).slice(1).map((m) => String(m.content));
    expect(turns.at(-1)).toBe(last);
    // Whole messages, the newest ones, in order: a suffix of the branch.
    const branch = [...before.messages.map((m: { content: string }) => m.content), last];
    expect(turns).toEqual(branch.slice(branch.length - turns.length));
    // The summary covers everything left out: it reaches the message before the first kept.
    expect(before.summaryMessageCount).toBeGreaterThanOrEqual(branch.length - turns.length);
    const used = turns.reduce((sum, text) => sum + text.length, 0);
    expect(used + earlier.length).toBeLessThanOrEqual(1500);
    // One more would not have fitted.
    const next = branch[branch.length - turns.length - 1] ?? "";
    expect(used + earlier.length + next.length).toBeGreaterThan(1500);
  });

  it("drops the oldest turns as before while no summary exists", async () => {
    answerSummaries(503); // every summary fails: after the first, the others wait (backoff)
    const alice = await signUp();
    const { chatSessionId } = await sessionWithTurns(alice, 5, true);
    expect(summaryRequests().length).toBeGreaterThan(0);
    expect((await readSession(alice, chatSessionId)).summary).toBeNull();
    const sent = chatRequests().at(-1);
    expect(String(sent?.messages[0]?.content)).not.toContain("Earlier in this conversation");
    const turns = (sent?.messages ?? []).slice(1).map((m) => String(m.content));
    expect(turns.at(-1)).toBe(question(5, true));
    expect(turns).not.toContain(question(1, true));
  });
});

describe("failures", () => {
  it("keep the old summary, leave the chat alone, back off, and say why without the provider's words", async () => {
    answerSummaries();
    const alice = await signUp();
    const { chatSessionId } = await sessionWithTurns(alice, 2);
    const before = await readSession(alice, chatSessionId);
    expect(before.summary).toMatch(/^Summary 1/);

    answerSummaries(500);
    await alice.post(`/api/chat-sessions/${chatSessionId}/summary`, {});
    await summaryRunsSettled();
    const failed = await readSession(alice, chatSessionId);
    expect(failed).toMatchObject({
      summary: before.summary,
      summaryThroughId: before.summaryThroughId,
      summaryStatus: "failed",
      summaryError: "The connection to the AI provider failed. Try again in a moment.",
    });
    expect(JSON.stringify(failed)).not.toContain(PROVIDER_ERROR_TEXT);

    // The chat goes on; the automatic runs wait for the backoff (a minute), so none is asked.
    const asked = summaryRequests().length;
    for (let n = 3; n <= 8; n++) await ask(alice, chatSessionId, question(n));
    expect(summaryRequests()).toHaveLength(asked);
    const replies = (await readSession(alice, chatSessionId)).messages.filter(
      (m: { role: string }) => m.role === "assistant",
    );
    expect(replies.every((m: { status: string }) => m.status === "complete")).toBe(true);

    // "Summarize now" does not wait for it, and a success clears the failure.
    answerSummaries();
    expect((await alice.post(`/api/chat-sessions/${chatSessionId}/summary`, {})).status).toBe(202);
    await summaryRunsSettled();
    expect(await readSession(alice, chatSessionId)).toMatchObject({
      summary: expect.stringMatching(/^Summary 1/),
      summaryMessageCount: 16,
      summaryStatus: "idle",
      summaryError: null,
    });
  });

  it("an answer with no summary in it is a failure too", async () => {
    answerSummaries();
    const alice = await signUp();
    const { chatSessionId } = await sessionWithTurns(alice, 2);
    fake.behaviour.respond = (request) => (isSummaryRequest(request) ? { text: "   " } : undefined);
    await alice.post(`/api/chat-sessions/${chatSessionId}/summary`, {});
    await summaryRunsSettled();
    expect(await readSession(alice, chatSessionId)).toMatchObject({
      summary: expect.stringMatching(/^Summary 1/),
      summaryStatus: "failed",
    });
  });
});

describe("POST /api/chat-sessions/{id}/summary", () => {
  it("answers 202 running, redoes the newest summary from the one before, and runs once at a time", async () => {
    answerSummaries();
    const alice = await signUp();
    const { chatSessionId } = await sessionWithTurns(alice, 7);
    expect(summaryRequests()).toHaveLength(2);
    const slow = fake.behaviour.respond;
    fake.behaviour.respond = (request) =>
      isSummaryRequest(request) ? { ...slow?.(request), delayMs: 300 } : undefined;

    const [one, two] = await Promise.all([
      alice.post(`/api/chat-sessions/${chatSessionId}/summary`, {}),
      alice.post(`/api/chat-sessions/${chatSessionId}/summary`, {}),
    ]);
    expect([one.status, two.status]).toEqual([202, 202]);
    expect(one.body.chatSession.summaryStatus).toBe("running");
    expect(two.body.chatSession.summaryStatus).toBe("running");
    await summaryRunsSettled();
    const redo = summaryRequests().slice(2);
    expect(redo).toHaveLength(1);
    expect(promptOf(redo[0])).toContain("Summary of messages 1–4:\nSummary 1:");
    expect(await readSession(alice, chatSessionId)).toMatchObject({
      summary: expect.stringMatching(/^Summary 3:/),
      summaryMessageCount: 14,
      summaryStatus: "idle",
    });
  });

  it("is 404 for another user's session, 409 without messages, and starts nothing", async () => {
    answerSummaries();
    const alice = await signUp();
    const bob = await signUp();
    const { chatSessionId } = await sessionWithTurns(alice, 2);
    const asked = summaryRequests().length;
    const stranger = await bob.post(`/api/chat-sessions/${chatSessionId}/summary`, {});
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe("not_found");
    const unknown = await alice.post(`/api/chat-sessions/${newId("s")}/summary`, {});
    expect(unknown.status).toBe(404);
    expect(stranger.body).toEqual(unknown.body);
    const project = (await alice.post("/api/projects", { name: "Empty" })).body.project;
    const empty = (await alice.post("/api/chat-sessions", { projectId: project.id })).body
      .chatSession;
    const nothing = await alice.post(`/api/chat-sessions/${empty.id}/summary`, {});
    expect(nothing.status).toBe(409);
    await summaryRunsSettled();
    expect(summaryRequests()).toHaveLength(asked);
  });
});

describe("branches", () => {
  it("the summary follows the active branch; switching back reuses its checkpoint", async () => {
    answerSummaries();
    const alice = await signUp();
    const { chatSessionId } = await sessionWithTurns(alice, 7);
    const long = await readSession(alice, chatSessionId);
    expect(long.summary).toMatch(/^Summary 2/);

    // A new version of the second question: a branch of 4 messages, summarized on its own.
    const second = long.messages[2];
    await readChunks(
      await alice.stream("/api/chat", {
        ...chatBody(chatSessionId, "A different second question about vacuum"),
        editOf: second.id,
      }),
    );
    await repliesSettled();
    await summaryRunsSettled();
    const edited = await readSession(alice, chatSessionId);
    expect(edited.messages).toHaveLength(4);
    expect(edited).toMatchObject({
      summary: expect.stringMatching(/^Summary 3/),
      summaryMessageCount: 4,
    });
    expect(promptOf(summaryRequests().at(-1))).toContain(
      "A different second question about vacuum",
    );

    // Back to the long branch: its summary again, without asking the model.
    const asked = summaryRequests().length;
    const back = await alice.post(`/api/chat-sessions/${chatSessionId}/active-branch`, {
      messageId: second.id,
    });
    expect(back.status).toBe(200);
    await summaryRunsSettled();
    expect(await readSession(alice, chatSessionId)).toMatchObject({
      summary: long.summary,
      summaryThroughId: long.summaryThroughId,
      summaryMessageCount: 14,
    });
    expect(summaryRequests()).toHaveLength(asked);
  });
});

describe("a branch switch during a run", () => {
  it("runs once more for the branch now active, whose summary is then shown", async () => {
    answerSummaries();
    const alice = await signUp();
    const { chatSessionId } = await sessionWithTurns(alice, 7);
    const long = await readSession(alice, chatSessionId);
    const made = fake.behaviour.respond;
    fake.behaviour.respond = (request) =>
      isSummaryRequest(request) ? { ...made?.(request), delayMs: 400 } : undefined;

    // A slow run of the long branch; meanwhile a new version of the second question.
    expect((await alice.post(`/api/chat-sessions/${chatSessionId}/summary`, {})).status).toBe(202);
    await readChunks(
      await alice.stream("/api/chat", {
        ...chatBody(chatSessionId, "The second question, asked again"),
        editOf: long.messages[2].id,
      }),
    );
    await repliesSettled();
    await summaryRunsSettled();

    const now = await readSession(alice, chatSessionId);
    expect(now.messages).toHaveLength(4);
    expect(now).toMatchObject({
      summaryThroughId: now.messages[3].id,
      summaryMessageCount: 4,
      summaryStatus: "idle",
    });
    expect(promptOf(summaryRequests().at(-1))).toContain("The second question, asked again");
  });
});

describe("a long chat never summarized (from before summaries, say)", () => {
  /** A linear branch of `length` messages of `chars` characters each, written directly. */
  async function seedBranch(
    user: { userId: string },
    chatSessionId: string,
    length: number,
    chars: number,
  ) {
    const { db } = await getDatabase();
    await db.execute(sql`
      insert into chat_messages (id, user_id, chat_session_id, seq, parent_id, depth, role, content)
      select 'long' || g, ${user.userId}, ${chatSessionId}, g, case when g > 1 then 'long' || (g - 1) end,
             g, case when g % 2 = 1 then 'user' else 'assistant' end,
             rpad('message ' || g || ' ', ${chars}, 'abc ')
      from generate_series(1, ${length}) g`);
    await db.execute(sql`
      update chat_messages c set skip_id = 'long' || d.skip_depth
      from ${sql.raw(skipDepthsSql(String(length)))} d
      where c.user_id = ${user.userId} and c.chat_session_id = ${chatSessionId}
        and d.depth = c.depth and d.skip_depth > 0`);
    await db.execute(sql`
      update chat_sessions set message_count = ${length}, last_message_seq = ${length},
        active_leaf_id = ${`long${length}`} where id = ${chatSessionId}`);
  }

  it("is caught up in bounded steps, oldest first, each reading only the messages after the last", async () => {
    answerSummaries();
    const alice = await signUp();
    const project = (await alice.post("/api/projects", { name: "Old" })).body.project;
    const { chatSession } = (await alice.post("/api/chat-sessions", { projectId: project.id }))
      .body;
    await seedBranch(alice, chatSession.id, 60, 4_000);

    expect((await alice.post(`/api/chat-sessions/${chatSession.id}/summary`, {})).status).toBe(202);
    await summaryRunsSettled();
    const steps = summaryRequests();
    // 60 messages of 4,000 characters, at most 24,000 per step: 6 per step, 10 steps.
    expect(steps).toHaveLength(10);
    for (const [index, request] of steps.entries()) {
      const prompt = promptOf(request);
      expect(prompt).toContain(`New messages (${index * 6 + 1}–${index * 6 + 6})`);
      expect(prompt.length).toBeLessThan(24_000 + 2_000);
      if (index > 0)
        expect(prompt).toContain(`Summary of messages 1–${index * 6}:\nSummary ${index}:`);
    }
    expect(await readSession(alice, chatSession.id)).toMatchObject({
      summary: expect.stringMatching(/^Summary 10:/),
      summaryMessageCount: 60,
      summaryThroughId: "long60",
    });

    // The next question's context: the summary of all but the newest messages that fit.
    fake.requests.length = 0;
    await ask(alice, chatSession.id, "And now?");
    const system = String(chatRequests()[0]?.messages[0]?.content);
    expect(system).toContain("(a summary of messages 1–60;");
  });
});
