import { Timestamp } from "@/components/ui/timestamp";
import { cn } from "@/lib/cn";
import type { ChatSessionListItem } from "@/lib/contract/entities";
import { coverageText } from "./summary-wording";

type Summarized = Pick<
  ChatSessionListItem,
  "summary" | "summaryKeyPoints" | "summaryMessageCount" | "summaryUpdatedAt" | "messageCount"
>;

/** The AI's summary of a chat: its few sentences, then its key points. Nothing without one. */
export function SummaryText({ session, className }: { session: Summarized; className?: string }) {
  if (!session.summary) return null;
  return (
    <div className={cn("space-y-2 text-sm", className)}>
      <p className="leading-relaxed" data-testid="summary-text">
        {session.summary}
      </p>
      {session.summaryKeyPoints.length > 0 && (
        <ul
          aria-label="Key points"
          className="list-disc space-y-1 pl-5 marker:text-muted-foreground"
          data-testid="summary-key-points"
        >
          {session.summaryKeyPoints.map((point, i) => (
            // Points may repeat; their place in the list is what tells them apart.
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered
            <li key={i}>{point}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "Covers 6 of 8 messages · updated 5 minutes ago". */
export function SummaryCoverage({
  session,
  className,
}: {
  session: Summarized;
  className?: string;
}) {
  if (!session.summary) return null;
  return (
    <p className={cn("text-xs text-muted-foreground", className)} data-testid="summary-coverage">
      {coverageText(session.summaryMessageCount, session.messageCount)}
      {session.summaryUpdatedAt && (
        <>
          {" · "}
          <Timestamp iso={session.summaryUpdatedAt} prefix="updated " />
        </>
      )}
    </p>
  );
}
