"use client";

import { Upload } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SUPPORTED_IMPORTS } from "@/lib/import-wording";
import { ImportDialog } from "./import-dialog";
import { ImportStatus } from "./import-status";
import { useImports } from "./use-imports";

/**
 * Settings' import: the "Import chats…" button and your recent imports, read from
 * GET /api/imports and kept current by the live events, so one still under way shows its
 * progress after the dialog is closed or the page reloaded.
 */
export function RecentImports() {
  const [open, setOpen] = useState(false);
  const imports = useImports({ load: true });
  return (
    <div className="mt-6 border-t border-border pt-5">
      <h3 className="text-base font-semibold">Import chats</h3>
      <p className="mt-1 text-sm text-muted-foreground" id="import-chats-what">
        Bring your history with you: {SUPPORTED_IMPORTS}. Every version of an edited or regenerated
        message comes along; a chat imported before is skipped.
      </p>
      <Button
        variant="secondary"
        className="mt-4"
        onClick={() => setOpen(true)}
        aria-describedby="import-chats-what"
        data-testid="import-chats"
      >
        <Upload className="h-4 w-4" aria-hidden="true" /> Import chats…
      </Button>
      <ImportDialog open={open} onOpenChange={setOpen} onStarted={imports.track} />
      {imports.list.length > 0 && (
        <section aria-labelledby="recent-imports" className="mt-5">
          <h4 id="recent-imports" className="text-sm font-semibold">
            Recent imports
          </h4>
          <ul className="mt-2 divide-y divide-border" data-testid="recent-imports">
            {imports.list.map((job) => (
              <li key={job.id} className="py-3">
                <ImportStatus job={job} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
