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
