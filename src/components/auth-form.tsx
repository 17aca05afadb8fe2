"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";

const copy = {
  "sign-in": {
    title: "Sign in to Craft",
    submit: "Sign in",
    switchText: "New here?",
    switchLink: "Create an account",
    switchHref: "/sign-up",
  },
  "sign-up": {
    title: "Create your Craft account",
    submit: "Create account",
    switchText: "Already have an account?",
    switchLink: "Sign in",
    switchHref: "/sign-in",
  },
} as const;

/** Sign-in and sign-up share one form; sign-up adds the name field. */
export function AuthForm({ mode }: { mode: "sign-in" | "sign-up" }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const text = copy[mode];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setPending(true);
    setError(null);
    const result =
      mode === "sign-in"
        ? await authClient.signIn.email({ email, password })
        : await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "") });
    if (result.error) {
      setPending(false);
      setError(describeAuthError(result.error));
      return;
    }
    router.replace("/projects");
    router.refresh();
  }

  return (
    <main className="flex min-h-dvh items-center justify-center bg-canvas px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-lg bg-primary font-bold text-primary-foreground">
            C
          </div>
          <h1 className="text-xl font-semibold">{text.title}</h1>
        </div>
        <form
          onSubmit={onSubmit}
          className="space-y-4 rounded-xl border border-border bg-card p-6 text-card-foreground shadow-sm"
        >
          {mode === "sign-up" && (
            <div>
              <Label htmlFor="name">Name</Label>
              <Input id="name" name="name" autoComplete="name" required maxLength={100} />
            </div>
          )}
          <div>
            <Label htmlFor="email">Email</Label>
            <Input id="email" name="email" type="email" autoComplete="email" required />
          </div>
          <div>
            <Label htmlFor="password">Password</Label>
            <Input
              id="password"
              name="password"
              type="password"
              autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
              minLength={mode === "sign-up" ? 8 : undefined}
              required
            />
            {mode === "sign-up" && (
              <p className="mt-1 text-xs text-muted-foreground">At least 8 characters.</p>
            )}
          </div>
          {error && (
            <p role="alert" className="rounded-md bg-error px-3 py-2 text-sm text-error-foreground">
              {error}
            </p>
          )}
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? "Please wait…" : text.submit}
          </Button>
        </form>
        <p className="mt-4 text-center text-sm text-muted-foreground">
          {text.switchText}{" "}
          <Link href={text.switchHref} className="font-medium text-link hover:underline">
            {text.switchLink}
          </Link>
        </p>
      </div>
    </main>
  );
}

function describeAuthError(error: { status?: number; code?: string; message?: string }): string {
  if (error.status === 401 || error.code === "INVALID_EMAIL_OR_PASSWORD")
    return "Wrong email or password.";
  if (error.code?.startsWith("USER_ALREADY_EXISTS"))
    return "An account with this email already exists.";
  if (error.code === "PASSWORD_TOO_SHORT") return "The password must be at least 8 characters.";
  if (error.status === 429) return "Too many attempts. Wait a minute and try again.";
  return error.message || "Something went wrong. Try again.";
}
