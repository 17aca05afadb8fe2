DROP INDEX "chat_sessions_project_id_updated_at_idx";--> statement-breakpoint
DROP INDEX "projects_user_id_updated_at_idx";--> statement-breakpoint
CREATE INDEX "chat_sessions_project_id_updated_at_idx" ON "chat_sessions" USING btree ("project_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "projects_user_id_updated_at_idx" ON "projects" USING btree ("user_id","updated_at","id");