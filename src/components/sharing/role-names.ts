import type { ShareRole } from "@/lib/contract/entities";

/** A member's role as headers and lists name it. */
export const ROLE_NAMES: Record<ShareRole, string> = {
  viewer: "Viewer",
  collaborator: "Collaborator",
};
