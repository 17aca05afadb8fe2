"use client";

import { useEffect, useState } from "react";
import { exactTime, timeAgo } from "@/lib/format";

/**
 * "5 minutes ago", with the exact time on hover in the viewer's own time zone. The exact time
 * is filled in after mount: the server renders in its time zone, not the reader's. The
 * relative text is kept current while the page stays open.
 */
export function Timestamp({
  iso,
  prefix = "",
  className,
  testId,
}: {
  iso: string;
  prefix?: string;
  className?: string;
  testId?: string;
}) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time
      dateTime={iso}
      title={now === null ? undefined : exactTime(iso)}
      className={className}
      data-testid={testId}
      suppressHydrationWarning
    >
      {prefix}
      {timeAgo(iso, now ?? undefined)}
    </time>
  );
}
