// Where the export downloads live (docs/api.md, "Export"): plain links, so the browser itself
// downloads them and shows their progress, whatever their size.

export type SessionExportFormat = "markdown" | "json";

export const sessionExportUrl = (sessionId: string, format: SessionExportFormat) =>
  `/api/chat-sessions/${encodeURIComponent(sessionId)}/export?format=${format}`;

export const projectExportUrl = (projectId: string) =>
  `/api/projects/${encodeURIComponent(projectId)}/export`;

export const ACCOUNT_EXPORT_URL = "/api/export";
