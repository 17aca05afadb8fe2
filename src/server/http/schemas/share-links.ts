import { z } from "zod";
import { shareLinkModes } from "@/lib/contract/entities";

export const createShareLinkBody = z
  .strictObject({
    mode: z
      .enum(shareLinkModes)
      .default("snapshot")
      .meta({
        description:
          "`snapshot` (the default): the conversation as it is now. `live`: whatever the " +
          "active branch holds when the page is opened.",
      }),
  })
  .meta({ id: "CreateShareLinkRequest" });
export type CreateShareLinkBody = z.infer<typeof createShareLinkBody>;
