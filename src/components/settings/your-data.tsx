import { Download } from "lucide-react";
import { RecentImports } from "@/components/imports/recent-imports";
import { buttonVariants } from "@/components/ui/button";
import { ACCOUNT_EXPORT_URL } from "@/lib/export-links";

/** Settings' "Your data": everything of yours in one download, and chats brought in. */
export function YourData() {
  return (
    <section
      aria-labelledby="your-data"
      className="mt-8 rounded-xl border border-border bg-card p-5 text-card-foreground"
    >
      <h2 id="your-data" className="text-lg font-semibold">
        Your data
      </h2>
      <p className="mt-2 text-sm text-muted-foreground" id="export-everything-what">
        One file with every project, every chat and every message of yours, including the versions
        you edited or regenerated, with tags, instructions and summaries: Craft&apos;s export format
        (NDJSON, one JSON object a line), described in the API documentation.
      </p>
      {/* A plain download link: the browser shows its progress while it streams. */}
      <a
        href={ACCOUNT_EXPORT_URL}
        download
        aria-describedby="export-everything-what export-everything-note"
        className={buttonVariants({ variant: "primary", size: "md", className: "mt-4" })}
        data-testid="export-everything"
      >
        <Download className="h-4 w-4" aria-hidden="true" /> Export everything
      </a>
      <p className="mt-3 text-xs text-muted-foreground" id="export-everything-note">
        Large exports stream: the download starts at once and grows as it is written, so your
        browser&apos;s downloads show its progress. A complete file ends with an &quot;end&quot;
        line.
      </p>
      <RecentImports />
    </section>
  );
}
