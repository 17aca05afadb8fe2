// The floor's SQL: what src/server/queries and Better Auth send, written out (bench/floor.ts),
// plus the one-statement variants the diagnostics measure.

/** Better Auth's findSession (session, then its user) as one join. */
export const SESSION_USER = `select "session"."expires_at", "user"."id" as "user_id", "user"."name", "user"."email"
  from "session" inner join "user" on "user"."id" = "session"."user_id"
  where "session"."token" = $1`;

/** projectBelongsToUser */
export const PROJECT_OWNED = `select "id" from "projects" where ("projects"."id" = $1 and "projects"."user_id" = $2)`;

/** SUMMARY_LEASE_SECONDS of session-columns.ts (server-only there, so written out). */
const SUMMARY_LEASE_SECONDS = 120;

/** `$from`, `$from + 1`, … : `count` placeholders, as Drizzle writes an `in (…)` list. */
const placeholders = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => `$${from + i}`).join(", ");

/**
 * listChatSessions' page (sessionPageQuery in chat-sessions.ts): a project's archived sessions
 * or the others ($1 project, $2 archived), carrying each of `tags` tag ids ($3 …), pinned
 * first, then the most recent; the page size last. Without tags, the app's prepared statement.
 */
export function sessionsPage(tags: number): string {
  const carrying = Array.from(
    { length: tags },
    (_, i) =>
      ` and "chat_sessions"."id" in (select "chat_session_tags"."chat_session_id" from "chat_session_tags" where "chat_session_tags"."tag_id" = $${i + 3})`,
  ).join("");
  return `select "id", "name", "project_id" as "projectId", "pinned", "archived", "instructions",
    "template_id" as "templateId", "summary", "summary_key_points" as "summaryKeyPoints",
    "summary_through_id" as "summaryThroughId", "summary_message_count" as "summaryMessageCount",
    "summary_updated_at" as "summaryUpdatedAt",
    case when "summarizing_since" > now() - make_interval(secs => ${SUMMARY_LEASE_SECONDS}) then 'running'
      when "summary_error" is not null then 'failed' else 'idle' end as "summaryStatus",
    "summary_error" as "summaryError", "created_at" as "createdAt", "updated_at" as "updatedAt",
    "message_count" as "messageCount"
  from "chat_sessions" where ("chat_sessions"."project_id" = $1 and "chat_sessions"."archived" = $2${carrying})
  order by "chat_sessions"."pinned" desc, "chat_sessions"."updated_at" desc, "chat_sessions"."id" desc limit $${tags + 3}`;
}

/** assertOwnTags in tags.ts: how many of `tags` distinct ids ($2 …) are the user's ($1). */
export const ownTags = (tags: number) =>
  `select count(*) from "tags" where ("tags"."user_id" = $1 and "tags"."id" in (${placeholders(tags, 2)}))`;

/** tagsOfSessions in tags.ts: the tags of `sessions` sessions ($1 …), by name. */
export const sessionTags = (sessions: number) =>
  `select "chat_session_tags"."chat_session_id" as "chatSessionId", "tags"."id", "tags"."name", "tags"."color"
  from "chat_session_tags" inner join "tags" on "tags"."id" = "chat_session_tags"."tag_id"
  where "chat_session_tags"."chat_session_id" in (${placeholders(sessions)})
  order by lower("tags"."name") asc, "tags"."id" asc`;

/** The session's row, locked, when the user owns it: lockOwnedSession in chat-messages.ts. */
export const OWNED_SESSION = `select "chat_sessions"."id", "chat_sessions"."active_leaf_id" as "activeLeafId",
    "chat_sessions"."message_count" as "messageCount"
  from "chat_sessions"
  inner join "projects" on "projects"."id" = "chat_sessions"."project_id"
  where ("chat_sessions"."id" = $1 and "projects"."user_id" = $2)`;

/**
 * readBranch's newest page (branchPageQuery in chat-tree.ts): the ownership check and the walk
 * up the active branch from its leaf, each message with its versions, in one statement. No
 * row = not yours; one row of nulls = an empty session. $1 session, $2 user, $3 page size.
 */
export const MESSAGES_PAGE = `select page.id, page.chat_session_id as "chatSessionId", page.parent_id as "parentId",
    page.role, page.content, page.status, page.created_at as "createdAt", page.sibling_ids as "siblingIds"
  from (with recursive owned as (
      select s.active_leaf_id from chat_sessions s join projects p on p.id = s.project_id
      where s.id = $1 and p.user_id = $2),
    path as (
    select m.user_id, m.id, m.chat_session_id, m.parent_id, m.role, m.content, m.status, m.created_at, m.seq, 1 as n from chat_messages m
          where m.user_id = $2 and m.chat_session_id = $1 and m.id = (select active_leaf_id from owned)
    union all
    select m.user_id, m.id, m.chat_session_id, m.parent_id, m.role, m.content, m.status, m.created_at, m.seq, path.n + 1
    from path join chat_messages m on m.user_id = path.user_id and m.id = path.parent_id
    where path.n < $3)
    select path.*, sib.ids as sibling_ids
    from owned left join path on true left join lateral (
    select array_agg(v.id order by v.seq) as ids from (
      select c.id, c.seq from chat_messages c
      where path.parent_id is not null and c.user_id = path.user_id and c.parent_id = path.parent_id
      union all
      select c.id, c.seq from chat_messages c
      where path.parent_id is null and c.chat_session_id = path.chat_session_id and c.parent_id is null
    ) v
  ) sib on true) as page order by page.n desc`;

/** The app reads the page as one statement already: the merged variant is the same. */
export const MERGED_PAGE = MESSAGES_PAGE;

/**
 * insertChatMessage as one statement: the UPDATE takes the session's row lock (a concurrent
 * writer waits and re-reads the bumped counter), the INSERT follows in the same statement, so
 * the lock is held for one statement instead of four round trips. No row = not yours. A
 * measurement aid only: its `owned` read of the active leaf is from before a lock wait, so
 * concurrent writers to one session may put a message under a stale parent (a branch).
 */
export const MERGED_WRITE = `with "owned" as (
    select "s"."id", "s"."active_leaf_id" from "chat_sessions" "s" inner join "projects" "p" on "p"."id" = "s"."project_id"
    where "s"."id" = $1 and "p"."user_id" = $2
  ), "bumped" as (
    update "chat_sessions" set "last_message_seq" = "last_message_seq" + 1,
      "message_count" = "message_count" + 1, "active_leaf_id" = $4,
      "updated_at" = greatest("updated_at", clock_timestamp()),
      "name" = case when "name_source" = 'default' and $3::text is not null then $3::text else "name" end,
      "name_source" = case when "name_source" = 'default' and $3::text is not null then 'first_message' else "name_source" end
    where "id" = (select "id" from "owned")
    returning "last_message_seq" as "seq", "updated_at" as "at", "message_count" as "depth"
  )
  insert into "chat_messages" ("id", "user_id", "chat_session_id", "seq", "parent_id", "depth", "role", "content", "status", "created_at")
  select $4, $2, $1, "seq", (select "active_leaf_id" from "owned"), "depth", $5, $6, 'complete', "at" from "bumped"
  returning "id", "chat_session_id" as "chatSessionId", "parent_id" as "parentId", "role", "content", "status",
            "created_at" as "createdAt"`;
