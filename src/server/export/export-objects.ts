import "server-only";
import type { SessionTag } from "@/lib/contract/entities";
import {
  EXPORT_TYPE,
  EXPORT_VERSION,
  type ExportMessage,
  type ExportProject,
  type ExportSessionHead,
} from "@/lib/contract/export";
import type { ExportProjectRow, ExportSessionRow } from "@/server/queries/export";

// The export format's objects (src/lib/contract/export.ts) made from the rows the export reads.

export function exportHeader<S extends "session" | "project" | "account">(
  scope: S,
  exportedAt: Date,
) {
  return {
    type: EXPORT_TYPE,
    version: EXPORT_VERSION,
    scope,
    exportedAt: exportedAt.toISOString(),
  } as const;
}

export function toExportProject(row: ExportProjectRow): ExportProject {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    projectType: row.type,
    status: row.status,
    files: row.files,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toExportSessionHead(row: ExportSessionRow, tags: SessionTag[]): ExportSessionHead {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    nameSource: row.nameSource,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    pinned: row.pinned,
    archived: row.archived,
    instructions: row.instructions,
    templateId: row.templateId,
    tags: tags.map(({ name, color }) => ({ name, color })),
    activeLeafId: row.activeLeafId,
    summary:
      row.summary !== null && row.summaryThroughId !== null && row.summaryUpdatedAt !== null
        ? {
            text: row.summary,
            keyPoints: row.summaryKeyPoints,
            throughId: row.summaryThroughId,
            messageCount: row.summaryMessageCount,
            updatedAt: row.summaryUpdatedAt.toISOString(),
          }
        : null,
  };
}

export function toExportMessage(row: {
  id: string;
  parentId: string | null;
  role: ExportMessage["role"];
  content: string;
  status: ExportMessage["status"];
  createdAt: Date;
}): ExportMessage {
  return {
    id: row.id,
    parentId: row.parentId,
    role: row.role,
    content: row.content,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}
