import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { SearchProvider } from "@/components/search/search-provider";
import { YourData } from "@/components/settings/your-data";
import { LiveEventsProvider } from "@/components/workspace/live-events";
import { requirePageUser } from "@/server/auth/pages";

export const metadata: Metadata = { title: "Settings" };

// The account's settings: for now, what is kept about you, how to take it with you and bring
// your chats from elsewhere.
export default async function SettingsPage() {
  const user = await requirePageUser();
  return (
    // The live events keep the imports' progress current.
    <LiveEventsProvider>
      <SearchProvider>
        <div className="min-h-dvh bg-canvas">
          <AppHeader userName={user.name} />
          <main className="mx-auto w-full max-w-2xl px-4 py-8">
            <h1 className="text-2xl font-semibold">Settings</h1>
            <p className="mt-1 text-sm text-muted-foreground">
              Signed in as {user.name} ({user.email}).
            </p>
            <YourData />
          </main>
        </div>
      </SearchProvider>
    </LiveEventsProvider>
  );
}
