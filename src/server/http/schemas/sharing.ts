import { z } from "zod";
import { shareRoles } from "@/lib/contract/entities";
import { newestFirstPage, safeText } from "./common";

const shareRole = z.enum(shareRoles, { error: 'must be "viewer" or "collaborator"' }).meta({
  description:
    "`viewer`: reads the session and sees new messages live. `collaborator`: also sends " +
    "messages and gets replies; cannot rename, delete, organize or share it.",
});

export const createShareBody = z
  .object({
    email: safeText(320)
      .transform((s) => s.trim().toLowerCase())
      .pipe(z.email({ error: "must be an email address" }))
      .meta({ description: "The email a Craft user signed up with (case does not matter)." }),
    role: shareRole,
  })
  .meta({ id: "CreateShareBody" });
export type CreateShareBody = z.infer<typeof createShareBody>;

export const updateShareBody = z.object({ role: shareRole }).meta({ id: "UpdateShareBody" });
export type UpdateShareBody = z.infer<typeof updateShareBody>;

export const listSharedQuery = z.object({ ...newestFirstPage });
