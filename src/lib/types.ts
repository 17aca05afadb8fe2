// The JSON shapes the API answers with (timestamps are ISO-8601 strings).

export interface Project {
  id: string;
  name: string;
  description: string | null;
  type: string;
  status: string;
  userId: string;
  files: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export type MessageStatus = "complete" | "streaming" | "partial" | "error";

export interface ChatMessage {
  id: string;
  chatSessionId: string;
  role: "user" | "assistant";
  content: string;
  status: MessageStatus;
  createdAt: string;
}

/** A session as the lean list returns it (`includeMessages=false`). */
export interface ChatSessionSummary {
  id: string;
  name: string;
  projectId: string;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
}

/** Dates become ISO strings when a server value crosses to the client as JSON. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** A server value in the exact shape the API would send it. */
export function asJson<T>(value: T): Jsonified<T> {
  return JSON.parse(JSON.stringify(value));
}
