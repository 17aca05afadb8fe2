import { z } from "zod";

export const exportFormats = ["markdown", "json"] as const;

export const exportSessionQuery = z.object({
  format: z.enum(exportFormats).default("json").meta({
    description:
      "`json`: every branch, lossless (Craft's export format); `markdown`: the active branch, to read.",
  }),
});
export type ExportSessionQuery = z.infer<typeof exportSessionQuery>;
