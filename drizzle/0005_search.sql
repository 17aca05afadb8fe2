-- Full-text search over session names and message contents, in stock PostgreSQL (and PGlite).
-- craft_search_text prepares a text for the default parser: it marks a word boundary (U+0001,
-- which the parser takes for a blank, and the app strips from snippets) after each `.`, `/`,
-- `\`, `<`, `@` and `:`, so that a path, a dotted name, an email or a URL is also its parts
-- (the parser would keep `src/app/page.tsx` as one token, and drop `<div>` as an HTML tag),
-- and after each CJK character, so that any run of CJK text matches as a phrase of its
-- characters (the parser keeps a whole CJK run, which has no spaces, as one word). Only the
-- first 50,000 characters count: a tsvector holds at most 1 MB, and 50,000 distinct CJK
-- characters come to 600 kB. The same function prepares queries, so both sides agree.
CREATE FUNCTION "craft_search_text"("text" text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN regexp_replace(left("text", 50000),
    '([./\\<@:\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f])',
    E'\\1\x01', 'g');--> statement-breakpoint
-- Generated columns: every insert and update computes them in the same statement; rewriting
-- the tables computes them for existing rows. A streaming reply's is null until it ends.
ALTER TABLE "chat_messages" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (case when "status" = 'streaming' then null else to_tsvector('simple'::regconfig, craft_search_text("content")) end) STORED;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "name_search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, craft_search_text("name")), 'A')) STORED;--> statement-breakpoint
CREATE INDEX "chat_messages_search_idx" ON "chat_messages" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "chat_messages_user_id_created_at_idx" ON "chat_messages" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "chat_sessions_name_search_idx" ON "chat_sessions" USING gin ("name_search");