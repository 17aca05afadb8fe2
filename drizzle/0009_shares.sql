CREATE TABLE "chat_session_shares" (
	"chat_session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_session_shares_chat_session_id_user_id_pk" PRIMARY KEY("chat_session_id","user_id"),
	CONSTRAINT "chat_session_shares_role_check" CHECK ("chat_session_shares"."role" in ('viewer', 'collaborator'))
);
--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "author_id" text;--> statement-breakpoint
ALTER TABLE "chat_session_shares" ADD CONSTRAINT "chat_session_shares_chat_session_id_chat_sessions_id_fk" FOREIGN KEY ("chat_session_id") REFERENCES "public"."chat_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_session_shares" ADD CONSTRAINT "chat_session_shares_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_session_shares" ADD CONSTRAINT "chat_session_shares_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_session_shares_user_id_created_at_idx" ON "chat_session_shares" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "chat_session_shares_created_by_idx" ON "chat_session_shares" USING btree ("created_by");--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_messages_author_id_idx" ON "chat_messages" USING btree ("author_id") WHERE "chat_messages"."author_id" is not null;