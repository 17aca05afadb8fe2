// Opening a chat must not cost more as its history grows: every page query is one index range
// that reads about one page of rows. Checked on the plans the database actually runs.
import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "@/server/db";
import { messagePageQuery } from "@/server/queries/chat-messages";
import { sessionPageQuery } from "@/server/queries/chat-sessions";
import { signUp } from "../helpers/app";
import { sqlRows } from "../helpers/sql";

const SESSIONS = 1_000;
const MESSAGES = 20_000;
const PAGE = 50;

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

/** EXPLAIN ANALYZE of a query builder's exact SQL and parameters. */
async function explain(query: {
  toSQL(): { sql: string; params: unknown[] };
}): Promise<PlanNode[]> {
  const { sql: text, params } = query.toSQL();
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

let projectId = "";
let bigSession = "";

beforeAll(async () => {
  const alice = await signUp();
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
  await db.execute(sql`
    insert into chat_messages (id, user_id, chat_session_id, seq, role, content, created_at)
    select 'm' || g, ${alice.userId}, ${bigSession}, g, case when g % 2 = 1 then 'user' else 'assistant' end,
           'message number ' || g, now() - make_interval(secs => ${MESSAGES} - g)
    from generate_series(1, ${MESSAGES}) g`);
  await db.execute(
    sql`update chat_sessions set message_count = ${MESSAGES}, last_message_seq = ${MESSAGES} where id = ${bigSession}`,
  );
  await db.execute(sql`analyze chat_sessions`);
  await db.execute(sql`analyze chat_messages`);
}, 120_000);

describe("page queries read one page from an index, at any history size", () => {
  it("the first page of sessions", async () => {
    const { db } = await getDatabase();
    expectOnePageFromIndex(
      await explain(sessionPageQuery(db, { projectId, take: PAGE + 1 })),
      "chat_sessions_project_id_updated_at_idx",
    );
  });

  it("a later page of sessions, from a cursor", async () => {
    const { db } = await getDatabase();
    const [middle] = await sqlRows<{ updated_at: string; id: string }>(
      sql`select updated_at::text, id from chat_sessions where id = 's000500'`,
    );
    const after = {
      updatedAt: new Date(String(middle?.updated_at)).toISOString(),
      id: String(middle?.id),
    };
    expectOnePageFromIndex(
      await explain(sessionPageQuery(db, { projectId, take: PAGE + 1, after })),
      "chat_sessions_project_id_updated_at_idx",
    );
  });

  it("the newest page of a 20,000-message session", async () => {
    const { db } = await getDatabase();
    expectOnePageFromIndex(
      await explain(messagePageQuery(db, { chatSessionId: bigSession, take: PAGE + 1 })),
      "chat_messages_session_seq_idx",
    );
  });

  it("an older page of it, from `before`", async () => {
    const { db } = await getDatabase();
    const plan = await explain(
      messagePageQuery(db, { chatSessionId: bigSession, take: PAGE + 1, before: { seq: 10_000 } }),
    );
    expectOnePageFromIndex(plan, "chat_messages_session_seq_idx");
  });
});
