import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { ChatMessageWithSiblings, Stored } from "@/lib/contract/entities";
import type { Database } from "@/server/db";
import { type Param, preparedFor } from "@/server/db/prepared";
import { chatMessages, type MessageRole, type MessageStatus } from "@/server/db/schema";
import { skipDepth, skipHops } from "./skip-pointers";

// A session's messages form a tree: each message follows its parent (parent_id), and messages
// with the same parent are versions of one another. The session's `active_leaf_id` names the
// newest message of the branch the user is on; that branch is the path up from it to a root.
// Every walk here is a recursive CTE that takes one primary-key or child-index lookup per step,
// so its cost follows the messages it returns, never the size of the tree or how many versions
// it holds. A walk that returns nothing on the way (to where two branches meet) climbs by skip
// pointers (skip-pointers.ts): O(log distance) steps.

/** What a walk carries per message: the API's columns and what the walk itself needs. */
const PATH_ROW = sql.raw(
  "m.user_id, m.id, m.chat_session_id, m.parent_id, m.role, m.author_id, m.content, m.status, m.created_at, m.seq",
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
  authorId: sql<string | null>`page.author_id`,
  authorName: sql<string | null>`(select u.name from "user" u where u.id = page.author_id)`,
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
 * The ancestor of the user's message `id` at `depth` (the message itself at its own depth).
 * Null when there is none (no such message, or `depth` outside 1…its depth). Reads that need a
 * message far up the active branch (`around`, `after`: the path from the leaf up to a message,
 * a page at a time) find it through here and then walk up a page's worth.
 *
 * Myers' level ancestor by skip pointers (skip-pointers.ts): each step takes the skip pointer
 * when it does not overshoot `depth`, else the parent, so O(log distance) primary-key lookups
 * (in the UNION ALL under LIMIT 1 the parent is read only when the pointer was not taken).
 */
export async function ancestorAtDepth(
  tx: Database,
  { userId, id, depth }: { userId: string; id: string; depth: number },
): Promise<{ id: string; depth: number } | null> {
  if (!Number.isInteger(depth) || depth < 1) return null;
  const result = (await tx.execute(sql`with recursive up as (
      select m.id, m.parent_id, m.skip_id, m.depth from chat_messages m
      where m.user_id = ${userId} and m.id = ${id} and m.depth >= ${depth}
      union all
      select n.id, n.parent_id, n.skip_id, n.depth from up cross join lateral (
        select s.id, s.parent_id, s.skip_id, s.depth from chat_messages s
        where s.user_id = ${userId} and s.id = up.skip_id and s.depth >= ${depth}
        union all
        select p.id, p.parent_id, p.skip_id, p.depth from chat_messages p
        where p.user_id = ${userId} and p.id = up.parent_id
        limit 1) n
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
 * paths meet, by skip pointers (skip-pointers.ts). Each row holds one message per side (`a`
 * from `from`, `b` from `to`; depth 0 and no id above every first message). First the deeper
 * side climbs to one below the other's depth, by its skip pointer when that does not overshoot,
 * else by its parent (Myers' level ancestor); then, level, both take their skip pointers while
 * those differ (the paths meet above them) and their parents when they are the same. The walk
 * ends on the row whose two messages are the children of the meeting point (or one of them the
 * meeting point itself): O(log distance) rows, each one or two primary-key lookups per side
 * moving. It does not start when `to` is not a message of the session. Every step lowers a
 * depth, and a lookup that finds nothing ends the walk, whatever the data.
 */
const meetingWalk = (userId: string, chatSessionId: string, from: string, to: string | null) => {
  // The next message on one side (`x`), the other being `y`: in a UNION ALL under LIMIT 1,
  // PostgreSQL runs the branches in order and stops at the first row, so the parent is read
  // only when the skip pointer was not taken. The conditions on w alone gate whole branches.
  const step = (x: "a" | "b", y: "a" | "b") =>
    sql.raw(`cross join lateral (
        select s.id, s.depth, s.parent_id, s.skip_id from chat_messages s
        where w.${x}_depth > w.${y}_depth + 1
          and s.user_id = w.user_id and s.id = w.${x}_skip and s.depth > w.${y}_depth
        union all
        select s.id, s.depth, s.parent_id, s.skip_id from chat_messages s
        where w.${x}_depth = w.${y}_depth and w.${x}_skip <> w.${y}_skip
          and s.user_id = w.user_id and s.id = w.${x}_skip
        union all
        select p.id, p.depth, p.parent_id, p.skip_id from chat_messages p
        where w.${x}_depth >= w.${y}_depth and p.user_id = w.user_id and p.id = w.${x}_parent
        union all
        select w.${x}, w.${x}_depth, w.${x}_parent, w.${x}_skip where w.${x}_depth < w.${y}_depth
        limit 1) n${x}`);
  return sql`w(user_id, a, a_depth, a_parent, a_skip, b, b_depth, b_parent, b_skip) as (
      select a.user_id, a.id, a.depth, a.parent_id, a.skip_id,
        b.id, coalesce(b.depth, 0), b.parent_id, b.skip_id
      from chat_messages a left join chat_messages b
        on b.user_id = ${userId} and b.id = ${to} and b.chat_session_id = ${chatSessionId}
      where a.user_id = ${userId} and a.id = ${from} and (${to}::text is null or b.id is not null)
      union all
      select w.user_id, na.id, na.depth, na.parent_id, na.skip_id,
        nb.id, nb.depth, nb.parent_id, nb.skip_id
      from w ${step("a", "b")} ${step("b", "a")}
      where not ${MET} and na.depth + nb.depth < w.a_depth + w.b_depth)`;
};

/** A row of `w` where the two sides hold the children of the meeting point (or it itself). */
const MET = sql.raw(`(w.a_depth = w.b_depth + 1 and w.a_parent is not distinct from w.b
    or w.b_depth = w.a_depth + 1 and w.b_parent is not distinct from w.a
    or w.a_depth = w.b_depth and w.a_parent is not distinct from w.b_parent)`);

/**
 * The statement of leaveBranch, exported so a test can EXPLAIN exactly what runs: the meeting
 * walk, the update recording the resume leaf, and `to` as found in the session.
 */
export function leaveBranchQuery({
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
}): SQL {
  return sql`with recursive
      ${meetingWalk(userId, chatSessionId, leaf, to)},
      meet as (
        select
          case when w.a_depth < w.b_depth or w.a = w.b then null else w.a end as a_child,
          case when w.b_depth < w.a_depth or w.a = w.b then null else w.b end as b_child
        from w where ${MET}),
      hint as (
        update chat_messages set resume_leaf_id = ${leaf}
        where user_id = ${userId} and id = (select a_child from meet)
          and (${!onlyIfAway} or (select b_child from meet) is not null)
        returning id)
    select meet.a_child, meet.b_child, target.id as to_id, target.depth as to_depth,
      (select count(*) from hint) as hinted
    from (select 1) one left join meet on true
    left join chat_messages target
      on target.user_id = ${userId} and target.id = ${to} and target.chat_session_id = ${chatSessionId}`;
}

/**
 * Records, as the active branch leaves `leaf` for a path through `to` (a message of the
 * session, or null: a new first message), which leaf was active below the message being left
 * (the child of the two paths' meeting point on the leaf's side), so that coming back to it
 * lands there: one statement, O(log n) lookups in the distance to the meeting point. With
 * `onlyIfAway`, records nothing when `to` is on the active branch already (a switch to it
 * changes nothing). Nothing is recorded, and `to` comes back null, when `to` is not a message
 * of the session.
 */
export async function leaveBranch(
  tx: Database,
  params: {
    userId: string;
    chatSessionId: string;
    leaf: string;
    to: string | null;
    onlyIfAway?: boolean;
  },
): Promise<Divergence> {
  const result = (await tx.execute(leaveBranchQuery(params))) as unknown as {
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
 * The skip_id of a new message at `depth` under `parent` (see skip-pointers.ts): null, the
 * parent's id, or an ancestor reached from `stored`, the nearest ancestor already in the table
 * (the parent itself unless the parent is inserted by the same statement), by following skip
 * pointers: a scalar subquery of at most three primary-key lookups, none for about half the
 * depths. Throws when the chain from `stored` misses that ancestor (a caller's mistake).
 */
export function newSkipId(
  userId: string,
  depth: number,
  parent: { id: string; depth: number } | null,
  stored: { id: string; depth: number } | null = parent,
): SQL | string | null {
  const target = skipDepth(depth);
  if (target === 0) return null;
  if (parent && parent.depth === target) return parent.id;
  const hops = stored ? skipHops(stored.depth, target) : null;
  if (!stored || hops === null)
    throw new Error(`no skip chain to depth ${target} for a message at depth ${depth}`);
  if (hops === 0) return stored.id;
  let id: SQL = sql`${stored.id}::text`;
  for (let i = 0; i < hops; i++)
    id = sql`(select s.skip_id from chat_messages s where s.user_id = ${userId} and s.id = ${id})`;
  return id;
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
