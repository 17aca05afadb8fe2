import { z } from "zod";

// An import of chat history (POST /api/import): a file uploaded, then read in the background.
// Follow it with GET /api/imports/{id} or the live `import` event.

const timestamp = z.iso.datetime();

export const importSources = ["craft", "chatgpt", "openwebui", "librechat"] as const;
export type ImportSource = (typeof importSources)[number];

export const importStatuses = ["queued", "running", "done", "failed"] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const importJob = z
  .strictObject({
    id: z.string(),
    status: z.enum(importStatuses).meta({
      description:
        "`queued` until a worker takes it, `running` while it reads, then `done` or `failed` " +
        "(`error` says why; what was imported before stays).",
    }),
    source: z
      .enum(importSources)
      .nullable()
      .meta({ description: "The format detected: null until the file has been opened." }),
    fileName: z.string().meta({ description: "The uploaded file's name." }),
    projectId: z.string().nullable().meta({
      description: "The project chosen for everything; null when the import makes its own.",
    }),
    createdProjectIds: z.array(z.string()).meta({
      description:
        "Projects the import made: a Craft export's projects, or one named after the source.",
    }),
    bytesRead: z.number().int().nonnegative(),
    totalBytes: z.number().int().nonnegative().meta({
      description: "The size of what is read (a zip's conversations, not the zip): for progress.",
    }),
    conversationsImported: z.number().int().nonnegative(),
    conversationsSkipped: z.number().int().nonnegative().meta({
      description: "Conversations already imported before (from the same source), left alone.",
    }),
    messagesImported: z.number().int().nonnegative(),
    error: z.string().nullable().meta({ description: "Why a failed import stopped." }),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: "ImportJob" });
export type ImportJob = z.infer<typeof importJob>;

/** The multipart form of POST /api/import, as OpenAPI documents it. */
export const importForm = z
  .object({
    file: z.string().meta({
      format: "binary",
      description:
        "A Craft export (a session's JSON, a project's or the account's NDJSON), ChatGPT's " +
        "conversations.json or its zip, an Open WebUI or a LibreChat export.",
    }),
    projectId: z.string().optional().meta({
      description: "Import everything into this project of yours; leave out for new projects.",
    }),
  })
  .meta({ id: "ImportForm" });

export const importAnswer = z.strictObject({ import: importJob }).meta({ id: "ImportAnswer" });
export const importListAnswer = z
  .strictObject({ imports: z.array(importJob).meta({ description: "Newest first." }) })
  .meta({ id: "ImportList" });

/** GET /api/imports's query. */
export const importListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
