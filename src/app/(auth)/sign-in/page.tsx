import type { Metadata } from "next";
import { AuthForm } from "@/components/auth-form";
import { redirectSignedIn } from "@/server/auth/pages";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  await redirectSignedIn();
  return <AuthForm mode="sign-in" />;
}
