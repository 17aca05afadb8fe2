"use client";

import { FileCode, FileText } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { sessionExportUrl } from "@/lib/export-links";

/**
 * A menu's two export items, each a real download link (the server names the file): the
 * active branch as Markdown to read, every branch as JSON to keep or import.
 */
export function SessionExportItems({
  sessionId,
  className,
}: {
  sessionId: string;
  className: string;
}) {
  return (
    <>
      <DropdownMenu.Item asChild className={className}>
        <a href={sessionExportUrl(sessionId, "markdown")} download data-testid="export-markdown">
          <FileText className="h-3.5 w-3.5" aria-hidden="true" /> Export as Markdown
        </a>
      </DropdownMenu.Item>
      <DropdownMenu.Item asChild className={className}>
        <a href={sessionExportUrl(sessionId, "json")} download data-testid="export-json">
          <FileCode className="h-3.5 w-3.5" aria-hidden="true" /> Export as JSON
        </a>
      </DropdownMenu.Item>
    </>
  );
}
