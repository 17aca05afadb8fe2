import type { ChatSession } from "@/lib/contract/entities";

/** A session's summary fields before any summary was made. */
export const NO_SUMMARY = {
  summary: null,
  summaryKeyPoints: [],
  summaryThroughId: null,
  summaryMessageCount: 0,
  summaryUpdatedAt: null,
  summaryStatus: "idle",
  summaryError: null,
} satisfies Partial<ChatSession>;
