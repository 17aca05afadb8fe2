import type { Metadata } from "next";
import { AuthForm } from "@/components/auth-form";
import { redirectSignedIn } from "@/server/auth/pages";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  await redirectSignedIn();
  return <AuthForm mode="sign-up" />;
}
