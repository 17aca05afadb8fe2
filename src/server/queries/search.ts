import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { chatMessages, type MessageRole } from "@/server/db/schema";
import type { Headline } from "@/server/search-snippet";

// Search over the user's session names and message contents, in the database itself: each
// message's `search_vector` and each session's `name_search` are generated columns (migration
// 0005) with GIN indexes, so a write and its index entry commit together. The query is
// websearch_to_tsquery over craft_search_text, the function that prepared the documents, both
// with the `simple` configuration: words lower-cased, never stemmed (code identifiers, paths
// and mixed languages must match as written; a stemmer for one language would mangle the
// others). Ownership is in every branch of the SQL: a message's user_id, a session's project.

// Finding a page of matches without reading them all, whatever the word's frequency and
// whether or not the database has statistics (PGlite never runs ANALYZE): a probe reads the
// user's PROBE_MESSAGES most recent messages (newest first, from the (user_id, created_at)
// index) and counts the matches. A word in 0.25% of them or more is common: its newest matches
// are found by reading on down that index (the next page of a common word is near). A rarer
// word's matches are all found through the GIN index, and sorted. Each path costs at most a
// few tens of thousands of rows; the planner is never left to guess which is cheaper.

/**
 * Recent messages the probe reads, and the matches among them that make a word common (0.25%):
 * below that, a word's matches across a million messages are few enough (2,500 of a user's)
 * to fetch from the GIN index; above, the 20,000 most recent messages hold 50 or more.
 */
export const PROBE_MESSAGES = 2_000;
export const COMMON_IN_PROBE = 5;
/** How far down its recent messages a common word is looked for. */
export const RECENT_MESSAGES = 20_000;

/**
 * How many matching messages `relevance` ranks, the most recent first: all matches of a rare
 * word (up to this many), or those of a common word among the RECENT_MESSAGES most recent
 * messages. Ranking reads each match's document: ranking all 100,000 matches of a word in 10%
 * of a million messages would cost seconds.
 */
export const RANKED_CANDIDATES = 1_000;

const QUERY_CONFIG = sql.raw("'simple'::regconfig");

/**
 * ts_headline's options: the matched words between U+E000 and U+E001 (see search-snippet.ts),
 * one stretch of text around the best match in a message, the whole of a name.
 */
const HEADLINE_OPTIONS = {
  message: sql.raw(
    `E'StartSel=\\uE000, StopSel=\\uE001, MaxFragments=1, MaxWords=24, MinWords=12, ShortWord=0'`,
  ),
  name: sql.raw(`E'StartSel=\\uE000, StopSel=\\uE001, HighlightAll=true'`),
};
/** The text a snippet is cut from: the text's own U+E000 and U+E001 cannot pass for markers. */
const snippetText = (column: SQL) =>
  sql`craft_search_text(translate(${column}, E'\\uE000\\uE001', E'\\uFFFD\\uFFFD'))`;
/** Punctuation (and craft_search_text's boundary) a stretch may start or end beside. */
const EDGE_PUNCTUATION = sql.raw(
  `'[\\u0001\\u0021-\\u002f\\u003a-\\u0040\\u005b-\\u0060\\u007b-\\u007e]{0,20}'`,
);
/** Text that holds a word: anything but spaces, ASCII punctuation and control characters. */
const HAS_WORD = sql.raw(`'[^\\s\\u0001-\\u002f\\u003a-\\u0040\\u005b-\\u0060\\u007b-\\u007f]'`);

/** Where a page starts: after the last result of the previous page, in the order asked for. */
export type SearchCursor =
  | { order: "relevance"; rank: number; kind: 0 | 1; id: string; until: Date }
  | { order: "newest"; createdAt: Date; kind: 0 | 1; id: string };

export interface SearchParams {
  userId: string;
  /** The query as typed (websearch syntax). */
  q: string;
  projectId?: string;
  order: "relevance" | "newest";
  /** Rows to read: the page size and one more, to know whether another page follows. */
  take: number;
  cursor?: SearchCursor;
}

/** Kinds of hit, in the order ties break: 0 a session's name, 1 a message. */
const NAME = 0;
const MESSAGE = 1;
const KIND = { name: sql.raw(String(NAME)), message: sql.raw(String(MESSAGE)) };

/**
 * Whether a query ends in a word being typed: a letter or digit last, not in an open quote
 * (a phrase), and not a word to leave out (`-word`).
 */
export function endsInWord(q: string): boolean {
  const trimmed = q.trimEnd();
  const last = trimmed.split(/\s+/).at(-1) ?? "";
  const quotes = (trimmed.match(/"/g) ?? []).length;
  return /[\p{L}\p{N}_]$/u.test(trimmed) && !last.startsWith("-") && quotes % 2 === 0;
}

/**
 * The search query itself, exported so a test can EXPLAIN exactly what runs. Matches are
 * found in two branches (messages, see messageMatches; session names, from their GIN index or
 * the user's few sessions) and merged: `newest` takes the newest `take` of each after the
 * cursor; `relevance` ranks (ts_rank_cd, normalised by length) the candidates of each up to
 * the first page's time, so the later pages rank the same set. Snippets (ts_headline
 * re-parses the text) are made for the page's rows only.
 */
export function searchPageQuery(db: Database, params: SearchParams) {
  const { userId, q, projectId, order, take, cursor } = params;
  const words = sql`websearch_to_tsquery(${QUERY_CONFIG}, craft_search_text(${q}))`;
  // Results come as the user types: the last word, still being typed, matches as a prefix
  // (`useEff` finds `useEffect`); the tsquery's text ends with that word's quoted lexeme.
  const query = endsInWord(q)
    ? sql`(regexp_replace((${words})::text, '''$', ''':*'))::tsquery`
    : words;
  // A query with no word (punctuation alone) or with none that must appear (`-word` alone)
  // cannot use the index and would match everything: it finds nothing. Constant at planning.
  const searchable = sql`numnode(${query}) > 0 and querytree(${query}) <> 'T'`;
  const inProject = { names: projectId ? sql`and s.project_id = ${projectId}` : sql`` };

  const inProjectOf = (alias: string) =>
    projectId
      ? sql`and ${sql.raw(alias)}.chat_session_id in (select ps.id from chat_sessions ps where ps.project_id = ${projectId})`
      : sql``;

  let page: SQL;
  if (order === "newest") {
    const after = cursor?.order === "newest" ? cursor : undefined;
    const at = after && sql`${after.createdAt.toISOString()}::timestamptz`;
    // Rows after the cursor in (created_at, kind, id) descending order.
    const messagesAfter = !after
      ? sql``
      : after.kind === MESSAGE
        ? sql`and (m.created_at, m.id) < (${at}, ${after.id})`
        : sql`and m.created_at < ${at}`;
    const namesAfter = !after
      ? sql``
      : after.kind === MESSAGE
        ? sql`and s.created_at <= ${at}`
        : sql`and (s.created_at, s.id) < (${at}, ${after.id})`;
    const messages = messageMatches({
      userId,
      query,
      searchable,
      bound: messagesAfter,
      inProjectOf,
      need: take,
      enough: take,
    });
    page = sql`(select kind, id, chat_session_id, created_at, rank from (
      (select ${KIND.message} as kind, mm.id, mm.chat_session_id, mm.created_at, null::float8 as rank
       from (${messages}) mm)
      union all
      (select ${KIND.name}, s.id, s.id, s.created_at, null::float8
       from chat_sessions s join projects p on p.id = s.project_id
       where p.user_id = ${userId} and s.name_search @@ ${query} and ${searchable}
         ${inProject.names} ${namesAfter}
       order by s.created_at desc, s.id desc limit ${take})) x
      order by created_at desc, kind desc, id desc limit ${take})`;
  } else {
    const after = cursor?.order === "relevance" ? cursor : undefined;
    // Later pages rank the matches the first one did: none written since.
    const until = after && sql`${after.until.toISOString()}::timestamptz`;
    const messagesUntil = until ? sql`and m.created_at <= ${until}` : sql``;
    const namesUntil = until ? sql`and s.created_at <= ${until}` : sql``;
    // Rows after the cursor in (rank descending, kind, id) order.
    const rankedAfter = after
      ? sql`where c.rank < ${after.rank}::float8
              or (c.rank = ${after.rank}::float8 and (c.kind, c.id) > (${after.kind}::int, ${after.id}))`
      : sql``;
    const messages = messageMatches({
      userId,
      query,
      searchable,
      bound: messagesUntil,
      inProjectOf,
      need: RANKED_CANDIDATES,
      // Any match among the recent messages: those are the ones a common word ranks.
      enough: 1,
    });
    page = sql`(select c.kind, c.id, c.chat_session_id, c.created_at, c.rank from (
        select ${KIND.message} as kind, mm.id, mm.chat_session_id, mm.created_at,
          -- A lookup per candidate (a subquery in the select list is never turned into a join,
          -- which the planner may choose to make with a scan of the table).
          ts_rank_cd((select d.search_vector from chat_messages d
            where d.user_id = ${userId} and d.id = mm.id), ${query}, 1)::float8 as rank
        from (${messages}) mm
        union all
        select ${KIND.name}, n.id, n.id, n.created_at, ts_rank_cd(n.name_search, ${query}, 1)::float8
        from (select s.id, s.created_at, s.name_search
          from chat_sessions s join projects p on p.id = s.project_id
          where p.user_id = ${userId} and s.name_search @@ ${query} and ${searchable}
            ${inProject.names} ${namesUntil}
          order by s.created_at desc, s.id desc limit ${RANKED_CANDIDATES}) n
      ) c
      ${rankedAfter}
      order by c.rank desc, c.kind, c.id limit ${take})`;
  }

  // ts_headline starts and ends a stretch at a word: the punctuation beside it is put back
  // (`<div`, `page.tsx.`), and whether text was cut before or after it is said.
  const results = sql`(select page.kind, page.id, page.rank, page.created_at,
      s.id as session_id, s.name as session_name, s.archived, s.summary as session_summary, p.id as project_id, p.name as project_name,
      m.role, h.headline,
      coalesce(substring(cut.before from ${EDGE_PUNCTUATION} || '$'), '') as lead,
      coalesce(substring(cut.after from '^' || ${EDGE_PUNCTUATION}), '') as trail,
      cut.before ~ ${HAS_WORD} as cut_start, cut.after ~ ${HAS_WORD} as cut_end,
      date_trunc('milliseconds', statement_timestamp()) + interval '1 millisecond' as searched_at
    from ${page} as page
      join chat_sessions s on s.id = page.chat_session_id
      join projects p on p.id = s.project_id and p.user_id = ${userId}
      left join chat_messages m on page.kind = ${KIND.message} and m.user_id = ${userId} and m.id = page.id
      cross join lateral (select case when page.kind = ${KIND.name}
        then ${snippetText(sql`s.name`)} else ${snippetText(sql`m.content`)} end as text) t
      cross join lateral (select case when page.kind = ${KIND.name}
        then ts_headline(${QUERY_CONFIG}, t.text, ${query}, ${HEADLINE_OPTIONS.name})
        else ts_headline(${QUERY_CONFIG}, t.text, ${query}, ${HEADLINE_OPTIONS.message}) end
        as headline) h
      cross join lateral (select translate(h.headline, E'\\uE000\\uE001', '') as plain) f
      cross join lateral (select greatest(position(f.plain in t.text), 1) as at) w
      cross join lateral (select left(t.text, w.at - 1) as before,
        substr(t.text, w.at + length(f.plain)) as after) cut
    ) as results`;
  const ordering =
    order === "newest"
      ? [sql`results.created_at desc`, sql`results.kind desc`, sql`results.id desc`]
      : [sql`results.rank desc`, sql`results.kind`, sql`results.id`];
  return db
    .select(resultColumns)
    .from(results)
    .orderBy(...ordering);
}

/**
 * The user's messages that match, newest first, at most `need` of them, after `bound` (a
 * condition on `m`): `(id, chat_session_id, created_at)` rows. See the top of this file: a
 * probe tells a common word from a rare one; a common word's matches are read down the
 * (user_id, created_at) index (checked with ts_match_vq, the function behind @@, which the
 * planner cannot turn into a GIN scan), at most RECENT_MESSAGES messages deep, and counted
 * settled once `enough` are found there (or the user has no more messages); otherwise, and
 * for a rare word, all matches come from the GIN index, materialized so that the planner
 * cannot trade the index for a walk down the user's messages.
 */
function messageMatches({
  userId,
  query,
  searchable,
  bound,
  inProjectOf,
  need,
  enough,
}: {
  userId: string;
  query: SQL;
  searchable: SQL;
  bound: SQL;
  inProjectOf: (alias: string) => SQL;
  need: number;
  enough: number;
}): SQL {
  const newest = (columns: SQL, limit: number) => sql`select ${columns} from chat_messages m
    where m.user_id = ${userId} ${bound} order by m.created_at desc, m.id desc limit ${limit}`;
  return sql`with probe as materialized (
      select count(*) >= ${COMMON_IN_PROBE} as common
      from (${newest(sql`m.search_vector`, PROBE_MESSAGES)}) r
      where ${searchable} and ts_match_vq(r.search_vector, ${query})),
    recent as materialized (
      select r.id, r.chat_session_id, r.created_at
      from (${newest(sql`m.id, m.chat_session_id, m.created_at, m.search_vector`, RECENT_MESSAGES)}) r
      where (select common from probe) and ts_match_vq(r.search_vector, ${query}) ${inProjectOf("r")}
      order by r.created_at desc, r.id desc limit ${need}),
    settled as materialized (
      select case when not (select common from probe) then false
        when (select count(*) from recent) >= ${enough} then true
        else (select count(*) from (${newest(sql`1`, RECENT_MESSAGES)}) w) < ${RECENT_MESSAGES}
      end as yes),
    every as materialized (
      select m.id, m.chat_session_id, m.created_at from chat_messages m
      where ${searchable} and m.user_id = ${userId} and m.search_vector @@ ${query}
        ${bound} ${inProjectOf("m")})
    select * from recent where (select yes from settled)
    union all
    (select * from every where not (select yes from settled)
     order by created_at desc, id desc limit ${need})`;
}

const resultColumns = {
  kind: sql<number>`results.kind`,
  id: sql<string>`results.id`,
  rank: sql<number | null>`results.rank`,
  createdAt: sql`results.created_at`.mapWith(chatMessages.createdAt),
  chatSessionId: sql<string>`results.session_id`,
  sessionName: sql<string>`results.session_name`,
  archived: sql<boolean>`results.archived`,
  sessionSummary: sql<string | null>`results.session_summary`,
  projectId: sql<string>`results.project_id`,
  projectName: sql<string>`results.project_name`,
  role: sql<MessageRole | null>`results.role`,
  headline: sql<string>`results.headline`,
  lead: sql<string>`results.lead`,
  trail: sql<string>`results.trail`,
  cutStart: sql<boolean>`results.cut_start`,
  cutEnd: sql<boolean>`results.cut_end`,
  searchedAt: sql`results.searched_at`.mapWith(chatMessages.createdAt),
};

export interface SearchHit {
  chatSessionId: string;
  sessionName: string;
  archived: boolean;
  sessionSummary: string | null;
  projectId: string;
  projectName: string;
  messageId: string | null;
  role: MessageRole | null;
  /** The snippet as the database cut it (see search-snippet.ts). */
  snippet: Headline;
  createdAt: Date;
}

/**
 * A page of the user's search results (`limit` of them) and where the next page starts (null
 * after the last). Owner-scoped inside the SQL: another user's rows never match.
 */
export async function searchForUser(
  db: Database,
  params: Omit<SearchParams, "take"> & { limit: number },
): Promise<{ hits: SearchHit[]; next: SearchCursor | null }> {
  // Without JIT: a plan holds a path it will not take (a common word's GIN scan, say), whose
  // estimated cost alone would have PostgreSQL compile the whole query, for 10-100 ms.
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return searchPageQuery(tx, { ...params, take: params.limit + 1 });
  });
  const page = rows.slice(0, params.limit);
  const hits = page.map(
    (row): SearchHit => ({
      chatSessionId: row.chatSessionId,
      sessionName: row.sessionName,
      archived: row.archived,
      sessionSummary: row.sessionSummary,
      projectId: row.projectId,
      projectName: row.projectName,
      messageId: row.kind === MESSAGE ? row.id : null,
      role: row.kind === MESSAGE ? row.role : null,
      snippet: {
        headline: row.headline,
        lead: row.lead,
        trail: row.trail,
        cutStart: row.cutStart,
        cutEnd: row.cutEnd,
      },
      createdAt: row.createdAt,
    }),
  );
  const last = page.at(-1);
  if (rows.length <= params.limit || !last) return { hits, next: null };
  const kind = last.kind === MESSAGE ? MESSAGE : NAME;
  if (params.order === "newest")
    return { hits, next: { order: "newest", createdAt: last.createdAt, kind, id: last.id } };
  const until =
    params.cursor?.order === "relevance" ? params.cursor.until : (last.searchedAt as Date);
  return {
    hits,
    next: { order: "relevance", rank: Number(last.rank), kind, id: last.id, until },
  };
}
