CREATE TABLE "share_links" (
	"id" text PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"chat_session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"snapshot_leaf_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "share_links_mode_check" CHECK ("share_links"."mode" in ('live', 'snapshot')),
	CONSTRAINT "share_links_snapshot_leaf_check" CHECK (("share_links"."mode" = 'snapshot') = ("share_links"."snapshot_leaf_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_chat_session_id_chat_sessions_id_fk" FOREIGN KEY ("chat_session_id") REFERENCES "public"."chat_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_snapshot_leaf_fk" FOREIGN KEY ("user_id","snapshot_leaf_id") REFERENCES "public"."chat_messages"("user_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_token_idx" ON "share_links" USING btree ("token");--> statement-breakpoint
CREATE INDEX "share_links_session_idx" ON "share_links" USING btree ("chat_session_id","created_at");--> statement-breakpoint
CREATE INDEX "share_links_snapshot_leaf_idx" ON "share_links" USING btree ("user_id","snapshot_leaf_id") WHERE "share_links"."snapshot_leaf_id" is not null;