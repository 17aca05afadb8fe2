-- Message ids are unique per user: each message carries its owner, filled in from its session's project.
ALTER TABLE "chat_messages" ADD COLUMN "user_id" text;--> statement-breakpoint
UPDATE "chat_messages" SET "user_id" = "projects"."user_id" FROM "chat_sessions" JOIN "projects" ON "projects"."id" = "chat_sessions"."project_id" WHERE "chat_sessions"."id" = "chat_messages"."chat_session_id";--> statement-breakpoint
ALTER TABLE "chat_messages" ALTER COLUMN "user_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" DROP CONSTRAINT "chat_messages_in_reply_to_chat_messages_id_fk";--> statement-breakpoint
DROP INDEX "chat_messages_in_reply_to_idx";--> statement-breakpoint
ALTER TABLE "chat_messages" DROP CONSTRAINT "chat_messages_pkey";--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_user_id_id_pk" PRIMARY KEY("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_messages_in_reply_to_idx" ON "chat_messages" USING btree ("user_id","in_reply_to");--> statement-breakpoint
-- Not in the schema file: drizzle cannot state a SET NULL that leaves user_id in place.
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_in_reply_to_fk" FOREIGN KEY ("user_id","in_reply_to") REFERENCES "public"."chat_messages"("user_id","id") ON DELETE SET NULL ("in_reply_to") ON UPDATE no action;
