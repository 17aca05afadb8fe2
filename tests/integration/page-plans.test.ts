// Opening a chat must not cost more as its history grows: every page query is one index range
// that reads about one page of rows. Nor does a switch as the distance grows: its walk to where
// two branches meet reads O(log distance) rows. Checked on the plans the database actually runs.
import { SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "@/server/db";
import { sessionPageQuery } from "@/server/queries/chat-sessions";
import { branchPageQuery, leaveBranchQuery } from "@/server/queries/chat-tree";
import { PROBE_MESSAGES, RANKED_CANDIDATES, searchPageQuery } from "@/server/queries/search";
import { skipDepthsSql } from "@/server/queries/skip-pointers";
import { signUp } from "../helpers/app";
import { sqlRows } from "../helpers/sql";

const SESSIONS = 1_000;
const MESSAGES = 20_000;
/** Every 20th message of the big session has another version with a few messages below it. */
const BRANCH_EVERY = 20;
const PAGE = 50;

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

/** EXPLAIN ANALYZE of a query builder's (or a statement's) exact SQL and parameters. */
async function explain(
  query: { toSQL(): { sql: string; params: unknown[] } } | SQL,
): Promise<PlanNode[]> {
  const { sql: text, params } =
    query instanceof SQL ? new PgDialect().sqlToQuery(query) : query.toSQL();
  const bound = params.reduce<string>(
    (out, value, i) =>
      out.replaceAll(
        new RegExp(`\\$${i + 1}(?!\\d)`, "g"),
        `'${String(value).replaceAll("'", "''")}'`,
      ),
    text,
  );
  const [row] = await sqlRows<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    sql.raw(`explain (analyze, format json) ${bound}`) as SQL,
  );
  const plan = row?.["QUERY PLAN"][0]?.Plan;
  if (!plan) throw new Error("no plan");
  return nodes(plan);
}

/** With SHOW_PLANS set, prints a plan's nodes: what each read, how many times. */
function showPlan(plan: PlanNode[]) {
  if (!process.env.SHOW_PLANS) return;
  console.log(
    plan
      .map(
        (n) =>
          `${n["Node Type"]} ${n["Index Name"] ?? ""} rows=${n["Actual Rows"]} loops=${n["Actual Loops"]}`,
      )
      .join("\n"),
  );
}

function expectOnePageFromIndex(plan: PlanNode[], index: string) {
  const scans = plan.filter((n) => n["Node Type"].includes("Scan"));
  expect(scans.map((n) => n["Node Type"])).not.toContain("Seq Scan");
  expect(plan.map((n) => n["Node Type"])).not.toContain("Sort");
  const scan = scans.find((n) => n["Index Name"] === index);
  expect(scan, `a scan of ${index}`).toBeDefined();
  expect((scan?.["Actual Rows"] ?? Infinity) * (scan?.["Actual Loops"] ?? 1)).toBeLessThanOrEqual(
    PAGE + 1,
  );
}

/**
 * A walk of the active branch: one primary-key lookup per message and one range of versions
 * per message, whatever the size of the session and however many versions it holds.
 */
function expectOneLookupPerMessage(plan: PlanNode[], messages: number) {
  const onMessages = plan.filter((n) => n["Relation Name"] === "chat_messages");
  showPlan(plan);
  expect(onMessages.map((n) => n["Node Type"])).not.toContain("Seq Scan");
  expect(onMessages.length).toBeGreaterThan(0);
  for (const node of onMessages) {
    expect(node["Node Type"], JSON.stringify(node)).toMatch(/Index/);
    // Loops × rows: what the node read in all. A page reads about one row per message per node.
    expect(node["Actual Rows"] * node["Actual Loops"], node["Index Name"]).toBeLessThanOrEqual(
      messages * 2 + 1,
    );
    expect(node["Actual Loops"], node["Index Name"]).toBeLessThanOrEqual(messages + 1);
  }
  expect(onMessages.some((n) => n["Index Name"] === "chat_messages_user_id_id_pk")).toBe(true);
}

let projectId = "";
let bigSession = "";
let userId = "";

beforeAll(async () => {
  const alice = await signUp();
  userId = alice.userId;
  projectId = (await alice.post("/api/projects", { name: "Big history" })).body.project.id;
  const { db } = await getDatabase();
  await db.execute(sql`
    insert into chat_sessions (id, project_id, name, updated_at, created_at, message_count, last_message_seq)
    select 's' || lpad(g::text, 6, '0'), ${projectId}, 'Session ' || g,
           now() - make_interval(mins => g), now() - make_interval(mins => g), 0, 0
    from generate_series(1, ${SESSIONS}) g`);
  // Other projects' sessions fill the table, as on any real install.
  await db.execute(sql`
    insert into projects (id, name, user_id) select 'other' || p, 'Other ' || p, ${alice.userId}
    from generate_series(1, 20) p`);
  await db.execute(sql`
    insert into chat_sessions (id, project_id, name, updated_at)
    select 'o' || p || '-' || g, 'other' || p, 'Other session', now() - make_interval(mins => g)
    from generate_series(1, 20) p, generate_series(1, ${SESSIONS}) g`);
  bigSession = "s000001";
  // One linear branch of MESSAGES messages (m1 … m20000, the active one), and at every
  // BRANCH_EVERY-th message another version of it with three messages below it (b…), each with
  // its skip pointer (to its ancestor at skipDepth(depth)).
  const skipDepths = sql.raw(skipDepthsSql(String(MESSAGES + 3)));
  await db.execute(sql`
    insert into chat_messages (id, user_id, chat_session_id, seq, parent_id, depth, skip_id, role, content, created_at)
    select 'm' || g, ${alice.userId}, ${bigSession}, g, case when g > 1 then 'm' || (g - 1) end, g,
           case when sk.skip_depth > 0 then 'm' || sk.skip_depth end,
           case when g % 2 = 1 then 'user' else 'assistant' end,
           'message number ' || g, now() - make_interval(secs => ${MESSAGES} - g)
    from generate_series(1, ${MESSAGES}) g join ${skipDepths} sk on sk.depth = g`);
  await db.execute(sql`
    insert into chat_messages (id, user_id, chat_session_id, seq, parent_id, depth, skip_id, role, content, created_at)
    select 'b' || g || '-' || k, ${alice.userId}, ${bigSession}, ${MESSAGES}::int + g * 4 + k,
           case when k = 0 then (case when g > 1 then 'm' || (g - 1) end) else 'b' || g || '-' || (k - 1) end,
           g + k,
           case when sk.skip_depth = 0 then null
                when sk.skip_depth >= g then 'b' || g || '-' || (sk.skip_depth - g)
                else 'm' || sk.skip_depth end,
           case when (g + k) % 2 = 1 then 'user' else 'assistant' end,
           'version below ' || g, now()
    from generate_series(${BRANCH_EVERY}::int, ${MESSAGES}::int, ${BRANCH_EVERY}::int) g
      cross join generate_series(0, 3) k join ${skipDepths} sk on sk.depth = g + k`);
  await db.execute(
    sql`update chat_sessions set message_count = ${MESSAGES}, last_message_seq = ${MESSAGES * 5},
          active_leaf_id = ${`m${MESSAGES}`} where id = ${bigSession}`,
  );
  await db.execute(sql`analyze chat_sessions`);
  await db.execute(sql`analyze chat_messages`);
}, 120_000);

describe("the session list of a 10,000-session project: pinned first, filtered by tags", () => {
  const BIG = 10_000;
  const tagged = { common: "tag-every-10th", rare: "tag-every-500th" };
  let big = "";

  beforeAll(async () => {
    const owner = await signUp();
    big = (await owner.post("/api/projects", { name: "Many chats" })).body.project.id;
    const { db } = await getDatabase();
    await db.execute(sql`
      insert into chat_sessions (id, project_id, name, updated_at, pinned, archived)
      select 't' || g, ${big}, 'Chat ' || g, now() - make_interval(mins => g),
             g % 1000 = 0 and g % 7 <> 0, g % 7 = 0
      from generate_series(1, ${BIG}) g`);
    await db.execute(sql`
      insert into tags (id, user_id, name) values
        (${tagged.common}, ${owner.userId}, 'Common'), (${tagged.rare}, ${owner.userId}, 'Rare')`);
    await db.execute(sql`
      insert into chat_session_tags (chat_session_id, tag_id)
      select 't' || g, ${tagged.common} from generate_series(10, ${BIG}, 10) g
      union all select 't' || g, ${tagged.rare} from generate_series(500, ${BIG}, 500) g`);
    await db.execute(sql`analyze chat_sessions`);
    await db.execute(sql`analyze chat_session_tags`);
  }, 120_000);

  it("the first page, pinned ones first, archived ones left out", async () => {
    const { db } = await getDatabase();
    const query = sessionPageQuery(db, { projectId: big, take: PAGE + 1 });
    const rows = await query;
    // 9 pinned (1000…9000 but 7000, archived), then the newest of the rest.
    expect(rows.map((r) => r.pinned).slice(0, 10)).toEqual([...Array(9).fill(true), false]);
    expect(rows.some((r) => r.archived)).toBe(false);
    expectOnePageFromIndex(await explain(query), "chat_sessions_list_idx");
  });

  it("filtered by a tag on one chat in ten, or on one in five hundred", async () => {
    const { db } = await getDatabase();
    for (const tagId of [tagged.common, tagged.rare]) {
      const query = sessionPageQuery(db, { projectId: big, tagIds: [tagId], take: PAGE + 1 });
      const rows = await query;
      expect(rows.length).toBeGreaterThan(0);
      const plan = await explain(query);
      showPlan(plan);
      expect(plan.map((n) => n["Node Type"])).not.toContain("Seq Scan");
      // Whichever side PostgreSQL starts from, it reads index ranges, about a page's worth of
      // the list or the tag's own sessions, never the whole project.
      for (const scan of plan.filter((n) => n["Node Type"].includes("Scan")))
        expect(scan["Actual Rows"] * scan["Actual Loops"], scan["Index Name"]).toBeLessThanOrEqual(
          (PAGE + 1) * 10 * 2,
        );
    }
  });
});

describe("page queries read one page from an index, at any history size", () => {
  it("the first page of sessions", async () => {
    const { db } = await getDatabase();
    expectOnePageFromIndex(
      await explain(sessionPageQuery(db, { projectId, take: PAGE + 1 })),
      "chat_sessions_list_idx",
    );
  });

  it("a later page of sessions, from a cursor", async () => {
    const { db } = await getDatabase();
    const [middle] = await sqlRows<{ updated_at: string; id: string }>(
      sql`select updated_at::text, id from chat_sessions where id = 's000500'`,
    );
    const after = {
      pinned: false,
      updatedAt: new Date(String(middle?.updated_at)).toISOString(),
      id: String(middle?.id),
    };
    expectOnePageFromIndex(
      await explain(sessionPageQuery(db, { projectId, take: PAGE + 1, after })),
      "chat_sessions_list_idx",
    );
  });

  it("the newest page of the active branch of a 24,000-message session with 1,000 versions", async () => {
    const { db } = await getDatabase();
    const page = branchPageQuery(db, {
      chatSessionId: bigSession,
      userId,
      take: PAGE,
      start: { leaf: true },
    });
    const rows = await page;
    expect(rows.map((r) => r.id)).toEqual(
      Array.from({ length: PAGE }, (_, i) => `m${MESSAGES - PAGE + 1 + i}`),
    );
    // Versions come with it: every 20th message has two.
    expect(rows.find((r) => r.id === `m${MESSAGES}`)?.siblingIds).toEqual([
      `m${MESSAGES}`,
      `b${MESSAGES}-0`,
    ]);
    expectOneLookupPerMessage(await explain(page), PAGE);
  });

  it("an older page of it, from `before`", async () => {
    const { db } = await getDatabase();
    const page = branchPageQuery(db, {
      chatSessionId: bigSession,
      userId,
      take: PAGE,
      start: { before: "m10000" },
    });
    expect((await page).at(-1)?.id).toBe("m9999");
    expectOneLookupPerMessage(await explain(page), PAGE);
  });

  it("the model's history (200 messages, no versions) from a message", async () => {
    const { db } = await getDatabase();
    const history = branchPageQuery(db, {
      chatSessionId: bigSession,
      userId,
      take: 200,
      start: { at: "m15000" },
      siblings: false,
    });
    expect((await history).length).toBe(200);
    expectOneLookupPerMessage(await explain(history), 200);
  });
});

describe("a switch finds where two branches meet in O(log distance) lookups, by skip pointers", () => {
  /** What the walk may take: a few lookups per halving of the distance, whatever it is. */
  const bound = 4 * Math.ceil(Math.log2(MESSAGES));

  const cases: [
    string,
    { leaf: string; to: string },
    { leaving: string; toChild: string | null },
  ][] = [
    [
      "a version 20 messages up",
      { leaf: `m${MESSAGES}`, to: "b19980-0" },
      { leaving: "m19980", toChild: "b19980-0" },
    ],
    [
      "a version 10,000 messages up",
      { leaf: `m${MESSAGES}`, to: "b10000-0" },
      { leaving: "m10000", toChild: "b10000-0" },
    ],
    [
      "a version 19,980 messages up",
      { leaf: `m${MESSAGES}`, to: "b20-0" },
      { leaving: "m20", toChild: "b20-0" },
    ],
    [
      "from a version back to the main branch's end",
      { leaf: "b10000-3", to: `m${MESSAGES}` },
      { leaving: "b10000-0", toChild: "m10000" },
    ],
    [
      "a new version of a question 10,000 up (its parent)",
      { leaf: `m${MESSAGES}`, to: "m9999" },
      { leaving: "m10000", toChild: null },
    ],
  ];
  for (const [label, ends, expected] of cases) {
    it(label, async () => {
      const { db } = await getDatabase();
      const query = leaveBranchQuery({ userId, chatSessionId: bigSession, ...ends });
      const [row] = (
        (await db.execute(query)) as unknown as {
          rows: { a_child: string | null; b_child: string | null; to_id: string }[];
        }
      ).rows;
      expect(row).toMatchObject({
        a_child: expected.leaving,
        b_child: expected.toChild,
        to_id: ends.to,
      });
      const plan = await explain(query);
      showPlan(plan);
      const steps = plan.find((n) => n["Node Type"] === "Recursive Union")?.["Actual Rows"];
      expect(steps, "rows of the walk").toBeLessThanOrEqual(bound);
      const onMessages = plan.filter((n) => n["Relation Name"] === "chat_messages");
      expect(onMessages.map((n) => n["Node Type"])).not.toContain("Seq Scan");
      for (const node of onMessages)
        expect(
          node["Actual Loops"] * Math.max(1, node["Actual Rows"]),
          node["Index Name"],
        ).toBeLessThanOrEqual(bound);
      // The statement records a resume leaf (twice, with EXPLAIN ANALYZE): none left behind.
      await db.execute(
        sql`update chat_messages set resume_leaf_id = null where user_id = ${userId}`,
      );
    });
  }
});

describe("search reads its matches from the indexes, not the table", () => {
  /** What ran on chat_messages: a plan also holds the paths a query did not take. */
  const onMessages = (plan: PlanNode[]) =>
    plan.filter((n) => n["Relation Name"] === "chat_messages" && n["Actual Loops"] > 0);
  const show = (plan: PlanNode[]) => {
    if (process.env.SHOW_PLANS)
      console.log(
        plan
          .map(
            (n) =>
              `${n["Node Type"]} ${n["Relation Name"] ?? ""} ${n["Index Name"] ?? ""} rows=${n["Actual Rows"]} loops=${n["Actual Loops"]}`,
          )
          .join("\n"),
      );
  };

  it.each(["relevance", "newest"] as const)(
    "a selective word (%s): the GIN index finds its few messages",
    async (order) => {
      const { db } = await getDatabase();
      const query = searchPageQuery(db, { userId, q: "12345", order, take: PAGE + 1 });
      expect((await query).map((r) => r.id)).toEqual(["m12345"]);
      const plan = await explain(query);
      show(plan);
      expect(onMessages(plan).map((n) => n["Node Type"])).not.toContain("Seq Scan");
      const gin = plan.find((n) => n["Index Name"] === "chat_messages_search_idx");
      expect(gin, "a scan of chat_messages_search_idx").toBeDefined();
      // The word's messages in the whole table, other users' included (the skip-pointer plans
      // above seed their own sessions): a handful, not the 20,000 a scan would read.
      expect(gin?.["Actual Rows"]).toBeLessThanOrEqual(10);
    },
  );

  // "below" is in each of the 4,000 newest messages (the versions): a common word.
  it("a common word, newest first: a probe, then one page, from the (user_id, created_at) index", async () => {
    const { db } = await getDatabase();
    const query = searchPageQuery(db, { userId, q: "below", order: "newest", take: PAGE + 1 });
    expect((await query).length).toBe(PAGE + 1);
    const plan = await explain(query);
    show(plan);
    expect(onMessages(plan).map((n) => n["Node Type"])).not.toContain("Seq Scan");
    const scans = onMessages(plan).filter(
      (n) => n["Index Name"] === "chat_messages_user_id_created_at_idx",
    );
    // The probe's PROBE_MESSAGES, then the page.
    expect(scans.map((n) => n["Actual Rows"])).toEqual([PROBE_MESSAGES, PAGE + 1]);
    expect(
      plan.some((n) => n["Index Name"] === "chat_messages_search_idx" && n["Actual Loops"] > 0),
    ).toBe(false);
  });

  it("a common word, best first: ranks its most recent matches only", async () => {
    const { db } = await getDatabase();
    const query = searchPageQuery(db, { userId, q: "below", order: "relevance", take: PAGE + 1 });
    expect((await query).length).toBe(PAGE + 1);
    const plan = await explain(query);
    show(plan);
    expect(onMessages(plan).map((n) => n["Node Type"])).not.toContain("Seq Scan");
    for (const node of onMessages(plan))
      expect(node["Actual Rows"] * node["Actual Loops"], node["Index Name"]).toBeLessThanOrEqual(
        Math.max(PROBE_MESSAGES, RANKED_CANDIDATES) + PAGE + 1,
      );
  });
});

describe("search on a word common long ago and absent lately", () => {
  it("finds its newest matches through the GIN index when the recent messages hold none", async () => {
    const { db } = await getDatabase();
    // "number" is in the 20,000 older messages, none of the 4,000 newest.
    const query = searchPageQuery(db, { userId, q: "number", order: "newest", take: PAGE + 1 });
    expect((await query).map((r) => r.id).slice(0, 2)).toEqual([
      `m${MESSAGES}`,
      `m${MESSAGES - 1}`,
    ]);
  });
});
