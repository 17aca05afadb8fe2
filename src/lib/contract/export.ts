import { z } from "zod";
import { messageRoles, messageStatuses, projectStatuses, tagColors } from "./entities";

// Craft's export format, version 1 (docs/api.md, "Export"): the same objects in the one-session
// JSON document and in the NDJSON of a project or the whole account. The importer reads what
// these describe, so a field added here is a field the import must learn.

const timestamp = z.iso.datetime();

export const EXPORT_TYPE = "craft.export";
export const EXPORT_VERSION = 1;

export const exportMessage = z
  .object({
    id: z.string(),
    parentId: z.string().nullable().meta({ description: "Null for a first message." }),
    role: z.enum(messageRoles),
    content: z.string(),
    status: z.enum(messageStatuses),
    createdAt: timestamp,
  })
  .meta({ id: "ExportMessage" });
export type ExportMessage = z.infer<typeof exportMessage>;

export const exportSummary = z
  .object({
    text: z.string(),
    keyPoints: z.array(z.string()),
    throughId: z.string(),
    messageCount: z.int(),
    updatedAt: timestamp,
  })
  .meta({ id: "ExportSummary" });

const sessionFields = {
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  nameSource: z.enum(["default", "first_message", "model", "user"]),
  createdAt: timestamp,
  updatedAt: timestamp,
  pinned: z.boolean(),
  archived: z.boolean(),
  instructions: z.string(),
  templateId: z.string().nullable(),
  tags: z.array(z.object({ name: z.string(), color: z.enum(tagColors) })),
  activeLeafId: z
    .string()
    .nullable()
    .meta({ description: "The newest message of the branch the user is on." }),
  summary: exportSummary.nullable(),
};

export const exportSessionHead = z.object(sessionFields).meta({ id: "ExportSessionHead" });
export type ExportSessionHead = z.infer<typeof exportSessionHead>;

export const exportSession = z
  .object({
    ...sessionFields,
    messages: z.array(exportMessage).meta({
      description: "Every message of every branch, in creation order: parents before children.",
    }),
  })
  .meta({ id: "ExportSession" });

export const exportHeader = z.object({
  type: z.literal(EXPORT_TYPE),
  version: z.literal(EXPORT_VERSION),
  scope: z.enum(["session", "project", "account"]),
  exportedAt: timestamp,
});

export const sessionExportDocument = exportHeader
  .extend({ scope: z.literal("session"), session: exportSession })
  .meta({ id: "SessionExportDocument", description: "One session, every branch of it." });
export type SessionExportDocument = z.infer<typeof sessionExportDocument>;

export const exportProject = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  projectType: z.string(),
  status: z.enum(projectStatuses),
  files: z.record(z.string(), z.string()),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ExportProject = z.infer<typeof exportProject>;

/** One line of a project's or the account's NDJSON export. */
export const exportLine = z.discriminatedUnion("type", [
  exportHeader.extend({ scope: z.enum(["project", "account"]) }),
  exportProject.extend({ type: z.literal("project") }),
  exportSessionHead.extend({ type: z.literal("session") }),
  exportMessage.extend({ type: z.literal("message"), sessionId: z.string() }),
  z.object({
    type: z.literal("end"),
    projects: z.int(),
    sessions: z.int(),
    messages: z.int(),
  }),
]);
export type ExportLine = z.infer<typeof exportLine>;
