// Reads the AI SDK's UI message stream (server-sent events) the way a client would.

export interface UIChunk {
  type: string;
  [key: string]: unknown;
}

/** Every chunk of a finished stream, in order. */
export async function readChunks(response: Response): Promise<UIChunk[]> {
  return parseEvents(await response.text());
}

export function parseEvents(text: string): UIChunk[] {
  return text
    .split("\n\n")
    .map((event) => event.replace(/^data: /, "").trim())
    .filter((data) => data && data !== "[DONE]")
    .map((data) => JSON.parse(data) as UIChunk);
}

/** The text the client would show: every text delta joined. */
export function streamedText(chunks: UIChunk[]): string {
  return chunks
    .filter((c) => c.type === "text-delta")
    .map((c) => String(c.delta))
    .join("");
}
