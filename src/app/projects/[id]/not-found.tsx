import { FolderX } from "lucide-react";
import Link from "next/link";

export default function ProjectNotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <FolderX className="h-10 w-10 text-zinc-400" />
      <h1 className="text-lg font-semibold">Project not found</h1>
      <p className="max-w-sm text-sm text-zinc-500">
        It may have been deleted, or the link is not one of your projects.
      </p>
      <Link
        href="/projects"
        className="mt-2 text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
      >
        Back to your projects
      </Link>
    </main>
  );
}
