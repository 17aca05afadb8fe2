import { cn } from "@/lib/cn";
import type { ImportSource } from "@/lib/contract/imports";
import { importSourceLabels } from "@/lib/import-wording";

/** "ChatGPT": where an imported chat came from; screen readers hear "Imported from ChatGPT". */
export function ImportSourceBadge({
  source,
  className,
}: {
  source: ImportSource;
  className?: string;
}) {
  const label = `Imported from ${importSourceLabels[source]}`;
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      className={cn(
        "inline-flex shrink-0 items-center rounded border border-border px-1 text-[11px] leading-4 text-muted-foreground",
        className,
      )}
      data-testid="import-source-badge"
    >
      {importSourceLabels[source]}
    </span>
  );
}
