import "server-only";
import { sql } from "drizzle-orm";
import type {
  ChatSession,
  ChatSessionListItem as ContractSessionListItem,
  Stored,
  SummaryStatus,
} from "@/lib/contract/entities";
import { chatSessions } from "@/server/db/schema";

/** How long a summarizer's lease holds without being renewed (it renews after every step). */
export const SUMMARY_LEASE_SECONDS = 120;

/** A session's row as the API sends it, before JSON, without its tags (`withTags` adds them). */
export type ChatSessionJson = Omit<Stored<ChatSession>, "tags">;

/**
 * A session as lists show it, without its tags (read apart: `withTags`); a write that changes
 * it returns it so others can be told.
 */
export type ChatSessionListItem = Omit<Stored<ContractSessionListItem>, "tags">;

const summaryStatus = sql<SummaryStatus>`case
  when ${chatSessions.summarizingSince} > now() - make_interval(secs => ${SUMMARY_LEASE_SECONDS}) then 'running'
  when ${chatSessions.summaryError} is not null then 'failed'
  else 'idle' end`;

export const sessionColumns = {
  id: chatSessions.id,
  name: chatSessions.name,
  projectId: chatSessions.projectId,
  pinned: chatSessions.pinned,
  archived: chatSessions.archived,
  instructions: chatSessions.instructions,
  templateId: chatSessions.templateId,
  importedFrom: chatSessions.importedFrom,
  summary: chatSessions.summary,
  summaryKeyPoints: chatSessions.summaryKeyPoints,
  summaryThroughId: chatSessions.summaryThroughId,
  summaryMessageCount: chatSessions.summaryMessageCount,
  summaryUpdatedAt: chatSessions.summaryUpdatedAt,
  summaryStatus,
  summaryError: chatSessions.summaryError,
  createdAt: chatSessions.createdAt,
  updatedAt: chatSessions.updatedAt,
};

export const sessionListItemColumns = {
  ...sessionColumns,
  messageCount: chatSessions.messageCount,
};
