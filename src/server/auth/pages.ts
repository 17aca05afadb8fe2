import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "./session";

/** For pages that need a user: the signed-in one, or a redirect to sign-in. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser(await headers());
  if (!user) redirect("/sign-in");
  return user;
}

/** For the sign-in and sign-up pages: a signed-in user goes to their projects. */
export async function redirectSignedIn(): Promise<void> {
  if (await getSessionUser(await headers())) redirect("/projects");
}
