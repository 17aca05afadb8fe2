CREATE TABLE "imported_conversations" (
	"user_id" text NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"chat_session_id" text NOT NULL,
	"import_id" text,
	CONSTRAINT "imported_conversations_user_id_source_source_id_pk" PRIMARY KEY("user_id","source","source_id")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"source" text,
	"file_name" text NOT NULL,
	"file_path" text NOT NULL,
	"total_bytes" bigint DEFAULT 0 NOT NULL,
	"bytes_read" bigint DEFAULT 0 NOT NULL,
	"project_id" text,
	"created_projects" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"conversations_imported" integer DEFAULT 0 NOT NULL,
	"conversations_skipped" integer DEFAULT 0 NOT NULL,
	"messages_imported" integer DEFAULT 0 NOT NULL,
	"error" text,
	"running_since" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "imports_status_check" CHECK ("imports"."status" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "imported_from" text;--> statement-breakpoint
ALTER TABLE "imported_conversations" ADD CONSTRAINT "imported_conversations_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_conversations" ADD CONSTRAINT "imported_conversations_chat_session_id_chat_sessions_id_fk" FOREIGN KEY ("chat_session_id") REFERENCES "public"."chat_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_conversations" ADD CONSTRAINT "imported_conversations_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imported_conversations_chat_session_id_idx" ON "imported_conversations" USING btree ("chat_session_id");--> statement-breakpoint
CREATE INDEX "imports_user_id_created_at_idx" ON "imports" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "imports_unfinished_idx" ON "imports" USING btree ("created_at") WHERE "imports"."status" in ('queued', 'running');