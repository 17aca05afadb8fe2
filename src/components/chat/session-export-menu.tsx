"use client";

import { Download } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { Button } from "@/components/ui/button";
import { SessionExportItems } from "./session-export-items";

const menuItem =
  "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent";

/** The chat header's "Export this chat": Markdown or JSON, downloaded by the browser. */
export function SessionExportMenu({ sessionId }: { sessionId: string }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <Button
          variant="ghost"
          size="icon"
          aria-label="Export this chat"
          title="Export this chat"
          data-testid="export-chat"
        >
          <Download className="h-4 w-4" aria-hidden="true" />
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          collisionPadding={12}
          className="z-30 min-w-48 rounded-lg border border-border bg-popover p-1 text-popover-foreground shadow-lg"
        >
          <SessionExportItems sessionId={sessionId} className={menuItem} />
          <p className="max-w-56 px-2 pt-1 pb-1.5 text-xs text-muted-foreground">
            Markdown: this version of the chat, to read. JSON: every version, to keep or import.
          </p>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
