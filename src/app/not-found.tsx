import { FileQuestion } from "lucide-react";
import Link from "next/link";
import { connection } from "next/server";

// Rendered per request, not prerendered: the page's CSP nonce must be on its scripts.
export default async function NotFound() {
  await connection();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <FileQuestion className="h-10 w-10 text-muted-foreground" />
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="max-w-sm text-sm text-muted-foreground">There is nothing at this address.</p>
      <Link href="/projects" className="mt-2 text-sm font-medium text-link hover:underline">
        Go to your projects
      </Link>
    </main>
  );
}
