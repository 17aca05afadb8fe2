import "server-only";
import { env } from "@/env";

/**
 * The page a link opens, as its holder will type or paste it: on BETTER_AUTH_URL's origin when
 * it is set (the address the app is published at, behind a proxy too), else on the origin the
 * request was sent to.
 */
export function shareLinkUrl(req: Request, token: string): string {
  const published = env().BETTER_AUTH_URL;
  const origin = published ? new URL(published).origin : new URL(req.url).origin;
  return `${origin}/s/${token}`;
}
