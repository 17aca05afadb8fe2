import { FolderX } from "lucide-react";
import Link from "next/link";
import { AppHeader } from "@/components/app-header";
import { requirePageUser } from "@/server/auth/pages";

// Inside the app, with its header: the way back and sign-out stay one click away.
export default async function ProjectNotFound() {
  const user = await requirePageUser();
  return (
    <div className="flex min-h-dvh flex-col bg-canvas">
      <AppHeader userName={user.name} />
      <main className="flex flex-1 flex-col items-center justify-center gap-3 px-4 text-center">
        <FolderX className="h-10 w-10 text-muted-foreground" aria-hidden="true" />
        <h1 className="text-lg font-semibold">Project not found</h1>
        <p className="max-w-sm text-sm text-muted-foreground">
          It may have been deleted, or the link is not one of your projects.
        </p>
        <Link href="/projects" className="mt-2 text-sm font-medium text-link hover:underline">
          Back to your projects
        </Link>
      </main>
    </div>
  );
}
