import { Lock } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";

/** What replaces a shared chat whose access ended (removed by its owner) or that was deleted. */
export function AccessLost({ deleted = false }: { deleted?: boolean }) {
  return (
    <div
      role="alert"
      className="flex flex-1 flex-col items-center justify-center gap-3 px-6 text-center"
      data-testid="access-lost"
    >
      <Lock className="h-10 w-10 text-muted-foreground" aria-hidden="true" />
      <h2 className="font-semibold">
        {deleted ? "This chat was deleted" : "You no longer have access to this chat"}
      </h2>
      <p className="max-w-sm text-sm text-muted-foreground">
        {deleted
          ? "Its owner deleted it, with all of its messages."
          : "Its owner stopped sharing it with you. Ask them to share it again if you still need it."}
      </p>
      <Link
        href="/projects"
        className={buttonVariants({ variant: "secondary", className: "mt-2" })}
      >
        Back to your projects
      </Link>
    </div>
  );
}
