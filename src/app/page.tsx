import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth/session";

export default async function Home() {
  const user = await getSessionUser(await headers());
  redirect(user ? "/projects" : "/sign-in");
}
