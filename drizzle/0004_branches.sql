-- Messages become a tree per session: each follows its parent, and siblings are versions (an
-- edited question, a regenerated reply). Every existing session becomes one linear branch
-- (parent = the previous message by seq, depth = its position) whose newest message is the
-- active leaf, so the API answers exactly as before for it.
ALTER TABLE "chat_messages" ADD COLUMN "parent_id" text;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "depth" integer;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "skip_id" text;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "resume_leaf_id" text;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "active_leaf_id" text;--> statement-breakpoint
-- skip_id: the ancestor at depth skipDepth(depth) (src/server/queries/skip-pointers.ts), here
-- the session's message at that position. "skew" counts positions in skew binary (sums of
-- 2^k - 1, smallest term last): a pointer skips that smallest term.
UPDATE "chat_messages" SET "parent_id" = "linear"."previous", "depth" = "linear"."position",
  "skip_id" = "linear"."skip"
FROM (
  WITH RECURSIVE "in_order" AS (
    SELECT "user_id", "id", "chat_session_id", lag("id") OVER "in_session" AS "previous",
           (row_number() OVER "in_session")::integer AS "position"
    FROM "chat_messages"
    WINDOW "in_session" AS (PARTITION BY "chat_session_id" ORDER BY "seq")
  ), "skew"("depth", "terms") AS (
    SELECT 1, ARRAY[1]
    UNION ALL
    SELECT "depth" + 1, CASE
      WHEN cardinality("terms") > 1 AND "terms"[cardinality("terms")] = "terms"[cardinality("terms") - 1]
        THEN "terms"[1:cardinality("terms") - 2] || (2 * "terms"[cardinality("terms")] + 1)
      ELSE "terms" || 1 END
    FROM "skew" WHERE "depth" < (SELECT max("position") FROM "in_order")
  )
  SELECT "m"."user_id", "m"."id", "m"."previous", "m"."position", "s"."id" AS "skip"
  FROM "in_order" AS "m"
  JOIN "skew" ON "skew"."depth" = "m"."position"
  LEFT JOIN "in_order" AS "s" ON "s"."chat_session_id" = "m"."chat_session_id"
    AND "s"."position" = "skew"."depth" - "skew"."terms"[cardinality("skew"."terms")]
) AS "linear"
WHERE "chat_messages"."user_id" = "linear"."user_id" AND "chat_messages"."id" = "linear"."id";--> statement-breakpoint
-- message_count now counts the active branch: here, every message of the session.
UPDATE "chat_sessions" SET "active_leaf_id" = "newest"."id", "message_count" = "newest"."depth"
FROM (
  SELECT DISTINCT ON ("chat_session_id") "chat_session_id", "id", "depth"
  FROM "chat_messages" ORDER BY "chat_session_id", "seq" DESC
) AS "newest"
WHERE "chat_sessions"."id" = "newest"."chat_session_id";--> statement-breakpoint
ALTER TABLE "chat_messages" ALTER COLUMN "depth" SET NOT NULL;--> statement-breakpoint
-- in_reply_to is parent_id now: a reply's parent is its question, which may have several.
ALTER TABLE "chat_messages" DROP CONSTRAINT "chat_messages_in_reply_to_fk";--> statement-breakpoint
DROP INDEX "chat_messages_in_reply_to_idx";--> statement-breakpoint
ALTER TABLE "chat_messages" DROP COLUMN "in_reply_to";--> statement-breakpoint
CREATE INDEX "chat_messages_children_idx" ON "chat_messages" USING btree ("user_id","parent_id","seq");--> statement-breakpoint
CREATE INDEX "chat_messages_roots_idx" ON "chat_messages" USING btree ("chat_session_id","seq") WHERE "chat_messages"."parent_id" is null;--> statement-breakpoint
CREATE INDEX "chat_messages_resume_leaf_idx" ON "chat_messages" USING btree ("user_id","resume_leaf_id") WHERE "chat_messages"."resume_leaf_id" is not null;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_parent_fk" FOREIGN KEY ("user_id","parent_id") REFERENCES "public"."chat_messages"("user_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Not in the schema file: drizzle cannot state a SET NULL that leaves user_id in place.
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_resume_leaf_fk" FOREIGN KEY ("user_id","resume_leaf_id") REFERENCES "public"."chat_messages"("user_id","id") ON DELETE SET NULL ("resume_leaf_id") ON UPDATE no action;
