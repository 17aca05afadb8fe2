"use client";

import { LogOut, Settings } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { SearchButton } from "@/components/search/search-provider";
import { ThemeMenu } from "@/components/theme-menu";
import { Button, buttonVariants } from "@/components/ui/button";
import { authClient } from "@/lib/auth-client";

export function AppHeader({ userName, children }: { userName: string; children?: ReactNode }) {
  const router = useRouter();
  async function signOut() {
    await authClient.signOut();
    router.replace("/sign-in");
    router.refresh();
  }
  return (
    <header className="flex h-14 items-center gap-3 border-b border-border bg-card px-4 text-card-foreground">
      <Link href="/projects" className="flex items-center gap-2 font-semibold">
        <span className="flex h-7 w-7 items-center justify-center rounded-md bg-primary text-sm font-bold text-primary-foreground">
          C
        </span>
        <span className="hidden sm:inline">Craft</span>
      </Link>
      <div className="min-w-0 flex-1">{children}</div>
      <SearchButton />
      <ThemeMenu />
      <span
        className="hidden max-w-40 truncate text-sm text-muted-foreground sm:inline"
        title={userName}
      >
        {userName}
      </span>
      <Link
        href="/settings"
        className={buttonVariants({ variant: "ghost", size: "sm" })}
        aria-label="Settings"
        title="Settings"
        data-testid="settings-link"
      >
        <Settings className="h-4 w-4" aria-hidden="true" />
        <span className="hidden sm:inline">Settings</span>
      </Link>
      <Button variant="ghost" size="sm" onClick={signOut} aria-label="Sign out">
        <LogOut className="h-4 w-4" />
        <span className="hidden sm:inline">Sign out</span>
      </Button>
    </header>
  );
}
