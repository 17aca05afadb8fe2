import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { ChatMessageWithSiblings, Stored } from "@/lib/contract/entities";
import type { Database } from "@/server/db";
import { type Param, preparedFor } from "@/server/db/prepared";
import { chatMessages, type MessageRole, type MessageStatus } from "@/server/db/schema";

// A session's messages form a tree: each message follows its parent (parent_id), and messages
// with the same parent are versions of one another. The session's `active_leaf_id` names the
// newest message of the branch the user is on; that branch is the path up from it to a root.
// Every walk here is a recursive CTE that takes one primary-key or child-index lookup per step,
// so its cost follows the messages it returns (or the distance it climbs), never the size of
// the tree or how many versions it holds.

/** What a walk carries per message: the API's columns and what the walk itself needs. */
const PATH_ROW = sql.raw(
  "m.user_id, m.id, m.chat_session_id, m.parent_id, m.role, m.content, m.status, m.created_at, m.seq",
);

/**
 * `path`: up to `take` messages walked up from the message the seed selects (`from
 * chat_messages m where …`), newest first (`n` = 1, 2, …).
 */
const pathCte = (seed: SQL, take: SQL | Param<number>) => sql`path as (
    select ${PATH_ROW}, 1 as n ${seed}
    union all
    select ${PATH_ROW}, path.n + 1
    from path join chat_messages m on m.user_id = path.user_id and m.id = path.parent_id
    where path.n < ${take})`;

/**
 * Each `path` row's versions, itself included, in creation order: its parent's children, or
 * the session's first messages for a first message. One index range per row.
 */
const SIBLINGS = sql.raw(`left join lateral (
    select array_agg(v.id order by v.seq) as ids from (
      select c.id, c.seq from chat_messages c
      where path.parent_id is not null and c.user_id = path.user_id and c.parent_id = path.parent_id
      union all
      select c.id, c.seq from chat_messages c
      where path.parent_id is null and c.chat_session_id = path.chat_session_id and c.parent_id is null
    ) v
  ) sib on true`);

const NO_SIBLINGS = sql.raw("left join (select null::text[] as ids) sib on true");

/** The columns of a walk's result (`page`), mapped as the API's message. */
const pageColumns = {
  id: sql<string | null>`page.id`,
  chatSessionId: sql<string>`page.chat_session_id`,
  parentId: sql<string | null>`page.parent_id`,
  role: sql<MessageRole>`page.role`,
  content: sql<string>`page.content`,
  status: sql<MessageStatus>`page.status`,
  createdAt: sql`page.created_at`.mapWith(chatMessages.createdAt),
  siblingIds: sql<string[] | null>`page.sibling_ids`,
};

/** A page of the active branch also says where it ends now and how long it is. */
const branchPageColumns = {
  ...pageColumns,
  activeLeafId: sql<string | null>`page.branch_leaf`,
  messageCount: sql<number>`page.branch_length`,
};

/** Where a walk starts: the active leaf, just above a message (`before`), or at one (`at`). */
export type PathStart = { leaf: true } | { before: Param<string> } | { at: Param<string> };

/**
 * The page query itself, exported so a test can EXPLAIN exactly what runs: the `take` messages
 * of the session's active branch that end at `start`, newest first, each with its versions
 * when `siblings`. The ownership check is part of it: no row at all when the session is not
 * the user's, one row of nulls when it is but the walk found nothing (an empty session, or a
 * `before` whose message is gone).
 */
export function branchPageQuery(
  db: Database,
  {
    chatSessionId,
    userId,
    take,
    start,
    siblings = true,
  }: {
    chatSessionId: Param<string>;
    userId: Param<string>;
    take: Param<number>;
    start: PathStart;
    siblings?: boolean;
  },
) {
  const first =
    "leaf" in start
      ? sql`(select active_leaf_id from owned)`
      : "before" in start
        ? sql`(select b.parent_id from chat_messages b
               where b.user_id = ${userId} and b.chat_session_id = ${chatSessionId} and b.id = ${start.before})`
        : start.at;
  const page = sql`(with recursive owned as (
      select s.active_leaf_id, s.message_count from chat_sessions s join projects p on p.id = s.project_id
      where s.id = ${chatSessionId} and p.user_id = ${userId}),
    ${pathCte(
      sql`from chat_messages m
          where m.user_id = ${userId} and m.chat_session_id = ${chatSessionId} and m.id = ${first}`,
      take,
    )}
    select path.*, sib.ids as sibling_ids,
      owned.active_leaf_id as branch_leaf, owned.message_count as branch_length
    from owned left join path on true ${siblings ? SIBLINGS : NO_SIBLINGS}) as page`;
  return db.select(branchPageColumns).from(page).orderBy(sql`page.n desc`);
}

type PageRow = {
  [K in keyof typeof pageColumns]: (typeof pageColumns)[K]["_"]["type"];
} & { activeLeafId?: string | null; messageCount?: number };

/** A message as reads answer it, before JSON: with its versions. */
export type BranchMessage = Stored<ChatMessageWithSiblings>;

/** A walk's rows as messages, oldest first; null when the session was not the user's. */
export function branchMessages(rows: PageRow[]): BranchMessage[] | null {
  if (rows.length === 0) return null;
  const messages: BranchMessage[] = [];
  for (const { id, siblingIds, activeLeafId: _leaf, messageCount: _count, ...row } of rows) {
    if (id === null) continue;
    const ids = siblingIds ?? [id];
    messages.push({
      id,
      ...row,
      siblingCount: ids.length,
      siblingIndex: ids.indexOf(id) + 1,
      siblingIds: ids,
    });
  }
  return messages;
}

const MAX_TAKE = 2_147_483_647;

const prepared = {
  newest: preparedFor((db) =>
    branchPageQuery(db, {
      chatSessionId: sql.placeholder("chatSessionId"),
      userId: sql.placeholder("userId"),
      take: sql.placeholder("take"),
      start: { leaf: true },
    }).prepare("branch_newest"),
  ),
  before: preparedFor((db) =>
    branchPageQuery(db, {
      chatSessionId: sql.placeholder("chatSessionId"),
      userId: sql.placeholder("userId"),
      take: sql.placeholder("take"),
      start: { before: sql.placeholder("from") },
    }).prepare("branch_before"),
  ),
  historyFromLeaf: preparedFor((db) =>
    branchPageQuery(db, {
      chatSessionId: sql.placeholder("chatSessionId"),
      userId: sql.placeholder("userId"),
      take: sql.placeholder("take"),
      start: { leaf: true },
      siblings: false,
    }).prepare("history_from_leaf"),
  ),
  historyBefore: preparedFor((db) =>
    branchPageQuery(db, {
      chatSessionId: sql.placeholder("chatSessionId"),
      userId: sql.placeholder("userId"),
      take: sql.placeholder("take"),
      start: { before: sql.placeholder("from") },
      siblings: false,
    }).prepare("history_before"),
  ),
  historyAt: preparedFor((db) =>
    branchPageQuery(db, {
      chatSessionId: sql.placeholder("chatSessionId"),
      userId: sql.placeholder("userId"),
      take: sql.placeholder("take"),
      start: { at: sql.placeholder("from") },
      siblings: false,
    }).prepare("history_at"),
  ),
};

/**
 * Messages of the session's active branch, oldest first, with their versions: the newest
 * `take` (all without it), or the `take` before the message `before`. Null when the session
 * is not the user's. Inside a transaction (`db` a transaction's handle), pass `inTransaction`:
 * prepared statements belong to the database handle.
 */
export async function readBranch(
  db: Database,
  params: {
    chatSessionId: string;
    userId: string;
    take?: number;
    /** Where the walk starts: the active leaf by default. */
    start?: { before: string } | { at: string };
    inTransaction?: boolean;
  },
): Promise<BranchMessage[] | null> {
  const { chatSessionId, userId, start, inTransaction } = params;
  const take = params.take ?? MAX_TAKE;
  let rows: PageRow[];
  if (inTransaction || (start && "at" in start)) {
    rows = await branchPageQuery(db, {
      chatSessionId,
      userId,
      take,
      start: start ?? { leaf: true },
    });
  } else if (start === undefined) {
    rows = await prepared.newest(db).execute({ chatSessionId, userId, take });
  } else {
    rows = await prepared.before(db).execute({ chatSessionId, userId, take, from: start.before });
  }
  return branchMessages(rows);
}

/**
 * The newest `take` messages of the session's active branch with where the branch ends and
 * how long it is, read in one statement (so all three agree). Null when the session is not the
 * user's.
 */
export async function readActiveBranch(
  db: Database,
  { chatSessionId, userId, take }: { chatSessionId: string; userId: string; take: number },
): Promise<{
  messages: BranchMessage[];
  activeLeafId: string | null;
  messageCount: number;
} | null> {
  const rows = await prepared.newest(db).execute({ chatSessionId, userId, take });
  const messages = branchMessages(rows);
  const [first] = rows;
  if (!messages || !first) return null;
  return {
    messages,
    activeLeafId: first.activeLeafId ?? null,
    messageCount: first.messageCount ?? 0,
  };
}

/** Where the model's history ends: the active leaf, the parent of a message, or a message. */
export type HistoryEnd = { leaf: true } | { parentOf: string } | { at: string | null };

/**
 * The newest `limit` messages of the path that ends at `end`, oldest first, without their
 * versions (the model's context). Scoped by the user inside the SQL; empty when nothing matches.
 */
export async function readPath(
  db: Database,
  {
    chatSessionId,
    userId,
    limit,
    end,
  }: {
    chatSessionId: string;
    userId: string;
    limit: number;
    end: HistoryEnd;
  },
): Promise<BranchMessage[]> {
  let rows: PageRow[];
  const params = { chatSessionId, userId, take: limit };
  if ("leaf" in end) rows = await prepared.historyFromLeaf(db).execute(params);
  else if ("parentOf" in end)
    rows = await prepared.historyBefore(db).execute({ ...params, from: end.parentOf });
  else if (end.at === null) return [];
  else rows = await prepared.historyAt(db).execute({ ...params, from: end.at });
  return branchMessages(rows) ?? [];
}

/**
 * The active branches of several sessions of one user, every message of each, grouped by
 * session and oldest first: one walk seeded with every session's active leaf.
 */
export async function readBranches(
  db: Database,
  { sessionIds, userId }: { sessionIds: string[]; userId: string },
): Promise<Map<string, BranchMessage[]>> {
  const grouped = new Map<string, BranchMessage[]>(sessionIds.map((id) => [id, []]));
  if (sessionIds.length === 0) return grouped;
  const ids = sql.join(
    sessionIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const page = sql`(with recursive ${pathCte(
    sql`from chat_sessions s join chat_messages m on m.user_id = ${userId} and m.id = s.active_leaf_id
        where s.id in (${ids})`,
    MAX_TAKE,
  )}
    select path.*, sib.ids as sibling_ids from path ${SIBLINGS}) as page`;
  const rows = await db
    .select(pageColumns)
    .from(page)
    .orderBy(sql`page.chat_session_id`, sql`page.n desc`);
  for (const message of branchMessages(rows) ?? [])
    grouped.get(message.chatSessionId)?.push(message);
  return grouped;
}

/** One message of the user's with its versions, or null. */
export async function readMessageWithSiblings(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<BranchMessage | null> {
  const page = sql`(select path.*, sib.ids as sibling_ids, 1 as n
    from chat_messages path ${SIBLINGS}
    where path.user_id = ${userId} and path.id = ${id}) as page`;
  const rows = await db.select(pageColumns).from(page);
  return branchMessages(rows)?.[0] ?? null;
}

/**
 * The ancestor of the user's message `id` at `depth` (the message itself at its own depth):
 * the message `depth` messages down from a root on the path to `id`. Null when there is none
 * (no such message, or `depth` outside 1…its depth). Reads that need a message far up the
 * active branch (`around`, `after`: the path from the leaf up to a message, a page at a time)
 * find it through here and then walk up a page's worth.
 *
 * THE one place to make O(log n): for now a plain recursive walk, one primary-key lookup per
 * message between `id` and the ancestor, so O(distance) (about 2–3 µs a step; 100,000 steps
 * take a quarter of a second). Skip pointers (each message holding an ancestor a power of two
 * above it) would make it O(log n) without changing a caller.
 */
export async function ancestorAtDepth(
  tx: Database,
  { userId, id, depth }: { userId: string; id: string; depth: number },
): Promise<{ id: string; depth: number } | null> {
  if (!Number.isInteger(depth) || depth < 1) return null;
  const result = (await tx.execute(sql`with recursive up as (
      select m.id, m.parent_id, m.depth from chat_messages m
      where m.user_id = ${userId} and m.id = ${id} and m.depth >= ${depth}
      union all
      select p.id, p.parent_id, p.depth
      from up join chat_messages p on p.user_id = ${userId} and p.id = up.parent_id
      where up.depth > ${depth})
    select id, depth from up where depth = ${depth}`)) as unknown as {
    rows: { id: string; depth: number }[];
  };
  return result.rows[0] ?? null;
}

/** Where the active branch and a path through `to` meet, and what was recorded there. */
export interface Divergence {
  /** The child of the meeting point towards the leaf (null when the leaf is the meeting point). */
  fromChild: string | null;
  /** The child of the meeting point towards `to` (null when `to` is on the active branch). */
  toChild: string | null;
  /** `to` as found among the session's messages: null when it is not one of them. */
  to: { id: string; depth: number } | null;
}

/**
 * `w`: the walk up from `from` and from `to` (null: above every first message) to where their
 * paths meet. It steps up whichever side has the larger `seq` (a parent is always older than
 * its child), so it costs one lookup per message between each of them and the meeting point.
 * Its last row holds the child of the meeting point on each side. It does not start when `to`
 * is not a message of the session.
 */
const meetingWalk = (userId: string, chatSessionId: string, from: string, to: string | null) => {
  const up = sql.raw("w.a_seq > w.b_seq");
  const down = sql.raw("w.b_seq > w.a_seq");
  return sql`w(a, a_seq, a_parent, a_child, b, b_seq, b_parent, b_child) as (
      select a.id, a.seq, a.parent_id, null::text, b.id, coalesce(b.seq, 0), b.parent_id, null::text
      from chat_messages a left join chat_messages b
        on b.user_id = ${userId} and b.id = ${to} and b.chat_session_id = ${chatSessionId}
      where a.user_id = ${userId} and a.id = ${from} and (${to}::text is null or b.id is not null)
      union all
      select
        case when ${up} then p.id else w.a end,
        case when ${up} then coalesce(p.seq, 0) else w.a_seq end,
        case when ${up} then p.parent_id else w.a_parent end,
        case when ${up} then w.a else w.a_child end,
        case when ${down} then p.id else w.b end,
        case when ${down} then coalesce(p.seq, 0) else w.b_seq end,
        case when ${down} then p.parent_id else w.b_parent end,
        case when ${down} then w.b else w.b_child end
      from w left join lateral (
        select p.id, p.seq, p.parent_id from chat_messages p
        where p.user_id = ${userId} and p.id = case when ${up} then w.a_parent else w.b_parent end
      ) p on true
      where w.a is distinct from w.b)`;
};

/**
 * Records, as the active branch leaves `leaf` for a path through `to` (a message of the
 * session, or null: a new first message), which leaf was active below the message being left
 * (the child of the two paths' meeting point on the leaf's side), so that coming back to it
 * lands there: one statement. With `onlyIfAway`, records nothing when `to` is on the active
 * branch already (a switch to it changes nothing). Nothing is recorded, and `to` comes back
 * null, when `to` is not a message of the session.
 */
export async function leaveBranch(
  tx: Database,
  {
    userId,
    chatSessionId,
    leaf,
    to,
    onlyIfAway = false,
  }: {
    userId: string;
    chatSessionId: string;
    leaf: string;
    to: string | null;
    onlyIfAway?: boolean;
  },
): Promise<Divergence> {
  const result = (await tx.execute(sql`with recursive
      ${meetingWalk(userId, chatSessionId, leaf, to)},
      meet as (select a_child, b_child from w where a is not distinct from b),
      hint as (
        update chat_messages set resume_leaf_id = ${leaf}
        where user_id = ${userId} and id = (select a_child from meet)
          and (${!onlyIfAway} or (select b_child from meet) is not null)
        returning id)
    select meet.a_child, meet.b_child, target.id as to_id, target.depth as to_depth,
      (select count(*) from hint) as hinted
    from (select 1) one left join meet on true
    left join chat_messages target
      on target.user_id = ${userId} and target.id = ${to} and target.chat_session_id = ${chatSessionId}`)) as unknown as {
    rows: {
      a_child: string | null;
      b_child: string | null;
      to_id: string | null;
      to_depth: number | null;
    }[];
  };
  const [row] = result.rows;
  return {
    fromChild: row?.a_child ?? null,
    toChild: row?.b_child ?? null,
    to: row?.to_id && row.to_depth !== null ? { id: row.to_id, depth: row.to_depth } : null,
  };
}

/**
 * The versions beside a message being inserted (`chat_messages` in its RETURNING): the
 * statement does not see its own row, which the caller adds last (the newest).
 */
export const siblingsBeforeInsert = sql<string[] | null>`(
  select array_agg(v.id order by v.seq) from (
    select c.id, c.seq from chat_messages c
    where "chat_messages"."parent_id" is not null and c.user_id = "chat_messages"."user_id"
      and c.parent_id = "chat_messages"."parent_id"
    union all
    select c.id, c.seq from chat_messages c
    where "chat_messages"."parent_id" is null and c.chat_session_id = "chat_messages"."chat_session_id"
      and c.parent_id is null) v)`;

/**
 * `landing`: the leaf a branch through `id` lands on: where the user last was below it (its
 * resume leaf), else, and below that, the newest child at each step. One lookup per step down.
 */
const landingCte = (userId: string, id: string) => sql`d(id, n) as (
      select coalesce(t.resume_leaf_id, t.id), 0 from chat_messages t
      where t.user_id = ${userId} and t.id = ${id}
      union all
      select c.id, d.n + 1 from d cross join lateral (
        select c.id from chat_messages c where c.user_id = ${userId} and c.parent_id = d.id
        order by c.seq desc limit 1) c),
    landing as (
      select m.id, m.depth from d join chat_messages m on m.user_id = ${userId} and m.id = d.id
      order by d.n desc limit 1)`;

/** The leaf a branch through `id` lands on (see landingCte), with its depth. */
export async function leafBelow(
  tx: Database,
  { userId, id }: { userId: string; id: string },
): Promise<{ id: string; depth: number } | null> {
  const result = (await tx.execute(
    sql`with recursive ${landingCte(userId, id)} select id, depth from landing`,
  )) as unknown as { rows: { id: string; depth: number }[] };
  return result.rows[0] ?? null;
}

/**
 * Makes the leaf a branch through `id` lands on the session's active leaf, its depth the
 * session's message count: one statement. Returns that leaf.
 */
export async function landOn(
  tx: Database,
  { userId, chatSessionId, id }: { userId: string; chatSessionId: string; id: string },
): Promise<{ id: string; depth: number } | null> {
  const result = (await tx.execute(sql`with recursive ${landingCte(userId, id)}
    update chat_sessions set active_leaf_id = landing.id, message_count = landing.depth
    from landing where chat_sessions.id = ${chatSessionId}
    returning landing.id, landing.depth`)) as unknown as { rows: { id: string; depth: number }[] };
  return result.rows[0] ?? null;
}
