// Skip pointers as the app writes and walks them: a random tree of versions built through the
// app's own queries (plain messages, messages under an earlier one, questions with their
// replies, edits, regenerated replies, switches), checked against naive walks over parent_id;
// then deletes, after which no surviving message points to one that is gone.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "@/server/db";
import {
  deleteChatMessageForUser,
  switchActiveBranchForUser,
} from "@/server/queries/chat-branches";
import { insertChatMessage } from "@/server/queries/chat-messages";
import { saveTurn } from "@/server/queries/chat-replies";
import { leaveBranch } from "@/server/queries/chat-tree";
import { skipDepth, skipDepthsSql } from "@/server/queries/skip-pointers";
import { signUp } from "../helpers/app";
import { newId, sessionFor } from "../helpers/chat";
import { sqlRows } from "../helpers/sql";

interface Row {
  id: string;
  parent_id: string | null;
  depth: number;
  skip_id: string | null;
  role: "user" | "assistant";
  content: string;
}

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

let userId = "";
let chatSessionId = "";

const rows = async () =>
  sqlRows<Row>(sql`select id, parent_id, depth, skip_id, role, content from chat_messages
    where user_id = ${userId} and chat_session_id = ${chatSessionId} order by seq`);

/** Naive walks over parent_id. */
function naive(all: Row[]) {
  const byId = new Map(all.map((r) => [r.id, r]));
  const ancestorAt = (id: string, depth: number): string | null => {
    let row = byId.get(id);
    while (row && row.depth > depth) row = row.parent_id ? byId.get(row.parent_id) : undefined;
    return row?.id ?? null;
  };
  const meeting = (from: string, to: string | null) => {
    const above = new Set<string>();
    for (let r = byId.get(from); r; r = r.parent_id ? byId.get(r.parent_id) : undefined)
      above.add(r.id);
    let meet = to === null ? undefined : byId.get(to);
    while (meet && !above.has(meet.id))
      meet = meet.parent_id ? byId.get(meet.parent_id) : undefined;
    const depth = meet?.depth ?? 0;
    const child = (id: string | null) =>
      id !== null && (byId.get(id)?.depth ?? 0) > depth ? ancestorAt(id, depth + 1) : null;
    return { fromChild: child(from), toChild: child(to) };
  };
  return { byId, ancestorAt, meeting };
}

function expectSkipPointers(all: Row[]) {
  const { byId, ancestorAt } = naive(all);
  for (const row of all) {
    const target = skipDepth(row.depth);
    expect(row.skip_id, `${row.id} at depth ${row.depth}`).toBe(
      target === 0 ? null : ancestorAt(row.id, target),
    );
    if (row.skip_id) expect(byId.has(row.skip_id)).toBe(true);
  }
}

beforeAll(async () => {
  const alice = await signUp();
  userId = alice.userId;
  chatSessionId = (await sessionFor(alice)).chatSession.id;
  const { db } = await getDatabase();
  const pick = random(13);
  const all: { id: string; role: string; content: string }[] = [];
  const any = () => all[pick(all.length)];
  for (let i = 0; i < 400; i++) {
    const kind = all.length === 0 ? 0 : pick(26);
    if (kind < 16) {
      // The next message of the active branch.
      const m = await insertChatMessage(db, {
        chatSessionId,
        userId,
        role: i % 2 ? "assistant" : "user",
        content: `message ${i}`,
      });
      if (m) all.push(m.message);
    } else if (kind < 19) {
      // A message under an earlier one: a version of its next message.
      const m = await insertChatMessage(db, {
        chatSessionId,
        userId,
        role: "user",
        content: `under ${i}`,
        parentId: any()?.id,
      });
      if (m) all.push(m.message);
    } else if (kind < 23) {
      // A question and its reply, in one statement: after the active leaf, under an earlier
      // message, or as a new version of an earlier question.
      const users = all.filter((m) => m.role === "user");
      const edited = kind === 22 && users.length > 0 ? users[pick(users.length)] : undefined;
      const turn = await saveTurn(db, {
        chatSessionId,
        userId,
        question: { id: newId("q"), content: `question ${i}` },
        regenerate: false,
        ...(kind === 21 ? { parentId: any()?.id } : {}),
        ...(edited ? { editOf: edited.id } : {}),
      });
      if (turn) all.push(turn.question, turn.reply);
    } else if (kind < 24) {
      // Another version of the reply to an earlier question.
      const users = all.filter((m) => m.role === "user");
      const question = users[pick(users.length)];
      if (!question) continue;
      const turn = await saveTurn(db, {
        chatSessionId,
        userId,
        question: { id: question.id, content: question.content },
        regenerate: true,
      });
      if (turn) all.push(turn.reply);
    } else {
      const to = any();
      if (to)
        await switchActiveBranchForUser(db, { chatSessionId, userId, messageId: to.id, limit: 1 });
    }
  }
}, 120_000);

describe("skip pointers of a random tree of versions", () => {
  it("point to the ancestor at skipDepth(depth), whichever way each message was written", async () => {
    const all = await rows();
    expect(all.length).toBeGreaterThan(400);
    expect(Math.max(...all.map((r) => r.depth))).toBeGreaterThan(40);
    expectSkipPointers(all);
  });

  it("the walk to where two branches meet finds what a naive walk finds", async () => {
    const { db } = await getDatabase();
    const all = await rows();
    const { meeting } = naive(all);
    const pick = random(99);
    for (let i = 0; i < 150; i++) {
      const from = all[pick(all.length)]?.id ?? "";
      const to = pick(10) === 0 ? null : (all[pick(all.length)]?.id ?? null);
      const met = await leaveBranch(db, { userId, chatSessionId, leaf: from, to });
      expect({ fromChild: met.fromChild, toChild: met.toChild }, `from ${from} to ${to}`).toEqual(
        meeting(from, to),
      );
    }
  });

  it("never outlive what they point to: a deleted message takes every message pointing to it", async () => {
    const { db } = await getDatabase();
    const pick = random(5);
    for (let i = 0; i < 8; i++) {
      const all = await rows();
      // Deep ones mostly: a subtree of a few messages, or most of the branch.
      const victim = all[all.length - 1 - pick(Math.min(all.length, 60))];
      if (!victim) break;
      expect(await deleteChatMessageForUser(db, { id: victim.id, userId })).not.toBeNull();
      const left = await rows();
      expect(left.some((r) => r.id === victim.id)).toBe(false);
      expectSkipPointers(left);
    }
    const dangling = await sqlRows<{ n: number }>(sql`select count(*)::int as n
      from chat_messages m left join chat_messages s on s.user_id = m.user_id and s.id = m.skip_id
      where m.user_id = ${userId} and m.skip_id is not null and s.id is null`);
    expect(dangling[0]?.n).toBe(0);
  });
});

it("skipDepthsSql, for seeding in bulk, agrees with skipDepth", async () => {
  const table = await sqlRows<{ depth: number; skip_depth: number }>(
    sql`select depth, skip_depth from ${sql.raw(skipDepthsSql("5000"))} k order by depth`,
  );
  expect(table).toEqual(
    Array.from({ length: 5000 }, (_, i) => ({ depth: i + 1, skip_depth: skipDepth(i + 1) })),
  );
});
