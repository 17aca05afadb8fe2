-- Organizing sessions: the user's tags, pins, archive, and templates with instructions.
-- Existing sessions carry forward unpinned, unarchived, untagged and without instructions (the
-- column defaults); the list's index gains archived and pinned ahead of updated_at.
CREATE TABLE "chat_session_tags" (
	"chat_session_id" text NOT NULL,
	"tag_id" text NOT NULL,
	CONSTRAINT "chat_session_tags_chat_session_id_tag_id_pk" PRIMARY KEY("chat_session_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "session_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"instructions" text DEFAULT '' NOT NULL,
	"first_message" text DEFAULT '' NOT NULL,
	"tag_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"color" text DEFAULT 'gray' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tags_color_check" CHECK ("color" in ('gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'pink'))
);
--> statement-breakpoint
DROP INDEX "chat_sessions_project_id_updated_at_idx";--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "pinned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "archived" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "instructions" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "template_id" text;--> statement-breakpoint
ALTER TABLE "chat_session_tags" ADD CONSTRAINT "chat_session_tags_chat_session_id_chat_sessions_id_fk" FOREIGN KEY ("chat_session_id") REFERENCES "public"."chat_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_session_tags" ADD CONSTRAINT "chat_session_tags_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_templates" ADD CONSTRAINT "session_templates_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_session_tags_tag_id_idx" ON "chat_session_tags" USING btree ("tag_id","chat_session_id");--> statement-breakpoint
CREATE INDEX "session_templates_user_id_name_idx" ON "session_templates" USING btree ("user_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "tags_user_id_name_idx" ON "tags" USING btree ("user_id",lower("name"));--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_template_id_session_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."session_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_sessions_list_idx" ON "chat_sessions" USING btree ("project_id","archived","pinned","updated_at","id");--> statement-breakpoint
CREATE INDEX "chat_sessions_template_id_idx" ON "chat_sessions" USING btree ("template_id") WHERE "chat_sessions"."template_id" is not null;