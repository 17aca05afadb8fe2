import { z } from "zod";
import { nameText, pageLimit, safeText } from "./common";

const projectType = safeText(50).pipe(z.string().trim().min(1).max(50));
/** A leading byte order mark is dropped, as in message content: PGlite cannot read one back. */
const description = safeText(10_000)
  .transform((s) => s.replace(/^\uFEFF/, ""))
  .nullable();
const files = z.record(safeText(500).pipe(z.string().min(1)), safeText(1_000_000));

export const createProjectBody = z.object({
  name: nameText,
  description: description.optional(),
  type: projectType.optional(),
});
export type CreateProjectBody = z.infer<typeof createProjectBody>;

export const projectStatus = z.enum(["active", "archived"]);

export const updateProjectBody = z
  .object({
    name: nameText.optional(),
    description: description.optional(),
    type: projectType.optional(),
    status: projectStatus.optional(),
    files: files.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), "name a field to change");
export type UpdateProjectBody = z.infer<typeof updateProjectBody>;

export const listProjectsQuery = z.object({
  limit: pageLimit.optional(),
  cursor: z.string().min(1).max(512).optional(),
});
