import { z } from "zod";
import { projectStatuses } from "@/lib/contract/entities";
import { descriptionText, nameText, newestFirstPage, safeText } from "./common";

const projectType = safeText(50)
  .pipe(z.string().trim().min(1).max(50))
  .meta({ description: "Trimmed, 1–50 characters." });
const files = z
  .record(safeText(500).pipe(z.string().min(1)), safeText(1_000_000))
  .meta({ description: "The whole file map (path → content); replaces the stored one." });

export const createProjectBody = z
  .object({
    name: nameText,
    description: descriptionText.optional(),
    type: projectType.optional().meta({ default: "document" }),
  })
  .meta({ id: "CreateProjectBody" });
export type CreateProjectBody = z.infer<typeof createProjectBody>;

export const projectStatus = z.enum(projectStatuses);

export const updateProjectBody = z
  .object({
    name: nameText.optional(),
    description: descriptionText.optional(),
    type: projectType.optional(),
    status: projectStatus.optional(),
    files: files.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), "name a field to change")
  .meta({
    id: "UpdateProjectBody",
    description: "Send at least one field; the others keep their values.",
    override: { minProperties: 1 },
  });
export type UpdateProjectBody = z.infer<typeof updateProjectBody>;

export const listProjectsQuery = z.object({
  ...newestFirstPage,
});
