import fs from "node:fs";
import { inProcessApp, percentile, rawExec, runPerConfig, signUpInProcess } from "./lib";
import { createDatabase, dropDatabase, seedWith, VACUUM } from "./seed";

const env = process.env;
const ROUNDS = Number(env.BENCH_BRANCH_ROUNDS ?? 200);
const WARMUP = Math.max(10, Math.round(ROUNDS / 10));
const PG_ADMIN_URL = env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Row {
  key: string;
  label: string;
  p50: number;
  p99: number;
  mean: number;
}

if (!env.BRANCHES_CONFIG) {
  // The parent: one child process per configuration (the app reads its environment once).
  const configs = (env.BENCH_CONFIGS ?? "postgres,pglite").split(",").map((c) => c.trim());
  runPerConfig("bench/branches.ts", "BRANCHES_CONFIG", configs);
} else {
  await measure(env.BRANCHES_CONFIG);
}

async function measure(config: string) {
  // No response cache (no Redis): every read walks the branch.
  const { dataDir, dbName } = inProcessApp("branches", { AI_OFFLINE_CHUNK_DELAY_MS: "0" });
  if (config === "postgres") env.DATABASE_URL = await createDatabase(PG_ADMIN_URL, dbName);
  else delete env.DATABASE_URL;

  // Imported once the environment is set.
  const { send, client } = await import("../tests/helpers/app");
  const { getDatabase, closeDatabase } = await import("../src/server/db");
  try {
    const started = performance.now();
    const { db } = await getDatabase();
    const { cookie, userId } = await signUpInProcess(send);
    const exec = rawExec(db);
    const seeded = await seedWith(exec, userId);
    await exec(VACUUM);
    console.log(
      `\n## ${config}: ${seeded.messageTotal.toLocaleString("en-US")} messages seeded in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s; ${ROUNDS} rounds per row ` +
        `after ${WARMUP} warm-up rounds\n`,
    );
    const user = client(cookie);
    const expectOk = async (res: { status: number; body: unknown }, what: string) => {
      if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    };

    const rows: Row[] = [];
    /** Times `run` round after round; `prepare`, untimed, sets each round up. */
    async function time(
      key: string,
      label: string,
      run: (i: number) => Promise<unknown>,
      prepare?: () => Promise<unknown>,
    ) {
      const samples: number[] = [];
      for (let i = 0; i < WARMUP + ROUNDS; i++) {
        await prepare?.();
        const t = performance.now();
        await run(i);
        if (i >= WARMUP) samples.push(performance.now() - t);
      }
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      rows.push({
        key,
        label,
        p50: percentile(samples, 50),
        p99: percentile(samples, 99),
        mean,
      });
      console.log(`  ${label}: p50 ${percentile(samples, 50).toFixed(2)} ms`);
    }

    // The three reads take turns, round by round: a warming process or a busy moment weighs
    // on all three alike.
    const reads: [string, string, string][] = [
      ["read-100", "Newest 50, 100-message session", seeded.small],
      ["read-10k", "Newest 50, 10,000-message session", seeded.medium],
      ["read-100k", "Newest 50, 100,000-message session with 1,000 branch points", seeded.large],
    ];
    const readSamples = reads.map((): number[] => []);
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      for (const [n, [, , id]] of reads.entries()) {
        const t = performance.now();
        await expectOk(await user.get(`/api/chat-messages?chatSessionId=${id}&limit=50`), "page");
        if (i >= WARMUP) readSamples[n]?.push(performance.now() - t);
      }
    }
    for (const [n, [key, label]] of reads.entries()) {
      const samples = readSamples[n] ?? [];
      rows.push({
        key,
        label,
        p50: percentile(samples, 50),
        p99: percentile(samples, 99),
        mean: samples.reduce((a, b) => a + b, 0) / samples.length,
      });
      console.log(`  ${label}: p50 ${percentile(samples, 50).toFixed(2)} ms`);
    }
    const opening = await user.get(`/api/chat-messages?chatSessionId=${seeded.large}&limit=50`);
    const versioned = (opening.body as { messages: { siblingCount: number }[] }).messages.filter(
      (m) => m.siblingCount > 1,
    ).length;

    await time("write", "POST a message (plain write, end of a branch)", async () =>
      expectOk(
        await user.post("/api/chat-messages", {
          chatSessionId: seeded.writes,
          role: "user",
          content: "Benchmark write: one more user message for the write session.",
        }),
        "write",
      ),
    );
    const switchBetween = (pair: [string, string]) => async (i: number) =>
      expectOk(
        await user.post(`/api/chat-sessions/${seeded.large}/active-branch`, {
          messageId: pair[i % 2 === 0 ? 1 : 0],
          limit: 50,
        }),
        "switch",
      );
    const near = seeded.versions.nearEnd;
    await time(
      "switch-near",
      "Switch versions 100 messages from the end (answers the newest 50)",
      switchBetween(near),
    );
    // Back on the main branch, then an edit of its newest question: its new version goes
    // beside it (the write an edit through /api/chat does, without the model).
    await user.post(`/api/chat-sessions/${seeded.large}/active-branch`, { messageId: near[0] });
    await time("edit", "POST a new version of the newest question (parentId)", async (i) =>
      expectOk(
        await user.post("/api/chat-messages", {
          chatSessionId: seeded.large,
          role: "user",
          content: `Edited question ${i}`,
          parentId: `${seeded.large}_m99998`,
        }),
        "edit",
      ),
    );
    const chatSession = (
      (await user.post("/api/chat-sessions", { projectId: seeded.projectId })).body as {
        chatSession: { id: string };
      }
    ).chatSession.id;
    const firstByte = async (body: unknown) => {
      const t = performance.now();
      const res = await user.stream("/api/chat", body);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      const elapsed = performance.now() - t;
      while (!(await reader.read()).done) {}
      if (res.status !== 200) throw new Error(`chat: ${res.status}`);
      return elapsed;
    };
    const ask = (id: string, text: string, extra: object = {}) => ({
      chatSessionId: chatSession,
      message: { id, role: "user", parts: [{ type: "text", text }] },
      ...extra,
    });
    // Each question is the last one the next edit or regenerate names.
    let last = { id: "", text: "" };
    const chatRows: Row[] = [];
    const kinds: [string, string, (i: number) => { id: string; text: string; extra?: object }][] = [
      ["chat", "POST /api/chat, first byte: a new question", (i) => ({ id: `q${i}`, text: "Hi" })],
      [
        "chat-edit",
        "POST /api/chat, first byte: an edit of the last question (editOf)",
        (i) => ({ id: `e${i}`, text: "Hi, edited", extra: { editOf: last.id } }),
      ],
      [
        "chat-regenerate",
        "POST /api/chat, first byte: regenerate the last reply",
        () => ({ ...last, extra: { trigger: "regenerate-message" } }),
      ],
    ];
    for (const [key, label, next] of kinds) {
      const samples: number[] = [];
      for (let i = 0; i < WARMUP + ROUNDS; i++) {
        const { id, text, extra } = next(i);
        const elapsed = await firstByte(ask(id, text, extra));
        last = { id, text };
        if (i >= WARMUP) samples.push(elapsed);
      }
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      chatRows.push({
        key,
        label,
        p50: percentile(samples, 50),
        p99: percentile(samples, 99),
        mean,
      });
      console.log(`  ${label}: p50 ${percentile(samples, 50).toFixed(2)} ms`);
    }
    // Far up the branch: a switch between versions 50,000 messages up (each way in turn), and
    // a new version of a question there, sent from the main branch's end (the switch back to
    // it is not timed). Both walk from the active leaf to where the two branches meet.
    await time(
      "switch-middle",
      "Switch versions 50,000 messages from the end (answers the newest 50)",
      switchBetween(seeded.versions.middle),
    );
    const mainEnd = `${seeded.large}_m100000`;
    await time(
      "edit-middle",
      "POST a new version of a question 50,000 messages up (parentId)",
      async (i) =>
        expectOk(
          await user.post("/api/chat-messages", {
            chatSessionId: seeded.large,
            role: "user",
            content: `Edited question far up ${i}`,
            parentId: `${seeded.large}_m49998`,
          }),
          "edit far up",
        ),
      async () =>
        expectOk(
          await user.post(`/api/chat-sessions/${seeded.large}/active-branch`, {
            messageId: mainEnd,
            limit: 1,
          }),
          "switch back",
        ),
    );
    rows.push(...chatRows);

    const by = (key: string) => rows.find((r) => r.key === key) as Row;
    const ratio = (a: string, b: string) => (by(a).p50 / by(b).p50).toFixed(2);
    console.log(`\n| Operation | p50 ms | p99 ms | mean ms |\n| --- | ---: | ---: | ---: |`);
    for (const r of rows)
      console.log(
        `| ${r.label} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.mean.toFixed(2)} |`,
      );
    console.log(
      `\n- Newest page, 100,000 messages with 1,000 branch points (${versioned} of its 50 ` +
        `with another version) / 100 messages: **${ratio("read-100k", "read-100")}×** ` +
        `(10,000: ${ratio("read-10k", "read-100")}×)`,
    );
    console.log(`- Switch near the end / plain write: **${ratio("switch-near", "write")}×**`);
    console.log(`- New version of a question / plain write: **${ratio("edit", "write")}×**`);
    console.log(
      `- /api/chat first byte, edit / new question: **${ratio("chat-edit", "chat")}×**; ` +
        `regenerate / new question: **${ratio("chat-regenerate", "chat")}×**`,
    );
    console.log(
      `- Switch 50,000 messages up / plain write: **${ratio("switch-middle", "write")}×**; ` +
        `new version of a question 50,000 up / plain write: **${ratio("edit-middle", "write")}×** ` +
        "(both walk from the active leaf to the two branches' meeting point by skip pointers)",
    );
  } finally {
    await closeDatabase();
    if (config === "postgres") await dropDatabase(PG_ADMIN_URL, dbName);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
