// The floor's SQL: what src/server/queries and Better Auth send, written out (bench/floor.ts),
// plus the one-statement variants the diagnostics measure.

/** Better Auth's findSession (session, then its user) as one join. */
export const SESSION_USER = `select "session"."expires_at", "user"."id" as "user_id", "user"."name", "user"."email"
  from "session" inner join "user" on "user"."id" = "session"."user_id"
  where "session"."token" = $1`;

/** projectBelongsToUser */
export const PROJECT_OWNED = `select "id" from "projects" where ("projects"."id" = $1 and "projects"."user_id" = $2)`;

/** listChatSessions' page */
export const SESSIONS_PAGE = `select "id", "name", "project_id" as "projectId", "created_at" as "createdAt",
    "updated_at" as "updatedAt", "message_count" as "messageCount"
  from "chat_sessions" where "chat_sessions"."project_id" = $1
  order by "chat_sessions"."updated_at" desc, "chat_sessions"."id" desc limit $2`;

/** ownedSession in chat-messages.ts */
export const OWNED_SESSION = `select "chat_sessions"."id" from "chat_sessions"
  inner join "projects" on "projects"."id" = "chat_sessions"."project_id"
  where ("chat_sessions"."id" = $1 and "projects"."user_id" = $2)`;

/** listChatMessages' page */
export const MESSAGES_PAGE = `select "id", "chat_session_id" as "chatSessionId", "role", "content", "status",
    "created_at" as "createdAt", "seq"
  from "chat_messages" where "chat_messages"."chat_session_id" = $1
  order by "chat_messages"."seq" desc limit $2`;

/** The ownership check and the page in one statement: no row = not yours, one null row = empty. */
export const MERGED_PAGE = `select "m"."id", "m"."chatSessionId", "m"."role", "m"."content", "m"."status",
         "m"."createdAt", "m"."seq"
  from "chat_sessions" "s" inner join "projects" "p" on "p"."id" = "s"."project_id"
  left join lateral (
    select "id", "chat_session_id" as "chatSessionId", "role", "content", "status",
           "created_at" as "createdAt", "seq"
    from "chat_messages" where "chat_session_id" = "s"."id" order by "seq" desc limit $3
  ) "m" on true
  where "s"."id" = $1 and "p"."user_id" = $2`;

/**
 * insertChatMessage as one statement: the UPDATE takes the session's row lock (a concurrent
 * writer waits and re-reads the bumped counter), the INSERT follows in the same statement, so
 * the lock is held for one statement instead of four round trips. No row = not yours.
 */
export const MERGED_WRITE = `with "owned" as (
    select "s"."id" from "chat_sessions" "s" inner join "projects" "p" on "p"."id" = "s"."project_id"
    where "s"."id" = $1 and "p"."user_id" = $2
  ), "bumped" as (
    update "chat_sessions" set "last_message_seq" = "last_message_seq" + 1,
      "message_count" = "message_count" + 1,
      "updated_at" = greatest("updated_at", clock_timestamp()),
      "name" = case when "name_source" = 'default' and $3::text is not null then $3::text else "name" end,
      "name_source" = case when "name_source" = 'default' and $3::text is not null then 'first_message' else "name_source" end
    where "id" = (select "id" from "owned")
    returning "last_message_seq" as "seq", "updated_at" as "at"
  )
  insert into "chat_messages" ("id", "user_id", "chat_session_id", "seq", "role", "content", "status", "created_at")
  select $4, $2, $1, "seq", $5, $6, 'complete', "at" from "bumped"
  returning "id", "chat_session_id" as "chatSessionId", "role", "content", "status",
            "created_at" as "createdAt"`;
