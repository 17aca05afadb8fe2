import { z } from "zod";

// What a ChatGPT user saw of a message, as Markdown: text parts, multimodal parts (pictures as
// a placeholder, voice as its transcript), code as a fenced block, and citation markers turned
// into a list of the sources the message cites.

export const chatgptContent = z.looseObject({
  content_type: z.string(),
  parts: z.array(z.unknown()).nullish(),
  text: z.string().nullish(),
  language: z.string().nullish(),
});
export type ChatgptContent = z.infer<typeof chatgptContent>;

const imagePart = new Set(["image_asset_pointer", "image_pointer"]);
const partObject = z.looseObject({
  content_type: z.string().nullish(),
  text: z.string().nullish(),
});

/** The text of a `text`, `multimodal_text` or `code` content; null for any other kind. */
export function contentText(content: ChatgptContent): string | null {
  switch (content.content_type) {
    case "text":
    case "multimodal_text":
      return (content.parts ?? []).map(partText).filter(Boolean).join("\n\n");
    case "code": {
      const code = content.text ?? "";
      const language = content.language && content.language !== "unknown" ? content.language : "";
      return code.trim() === "" ? "" : `\`\`\`${language}\n${code}\n\`\`\``;
    }
    default:
      return null;
  }
}

function partText(part: unknown): string {
  if (typeof part === "string") return part;
  const parsed = partObject.safeParse(part);
  if (!parsed.success) return "";
  if (imagePart.has(parsed.data.content_type ?? "")) return "[image]";
  // A voice message's transcript is what the conversation shows of it.
  if (parsed.data.content_type === "audio_transcription") return parsed.data.text ?? "";
  return "";
}

// 【11†source】, 【3:0†source】, 【0†Title†domain】: the dagger tells them from CJK brackets.
const bracketMarker = /【[^【】\n]{0,300}?†[^【】\n]{0,300}?】/g;
// \ue200cite\ue202turn0search1\ue201 and its kin; an entity marker shows its name.
const privateUseMarker = /([ \t]*)\ue200([^\ue200\ue201]{0,2000})\ue201/g;
const strayPrivateUse = /[\ue200-\ue206]/g;

/** The text with citation markers removed (an entity marker keeps the name it displays). */
export function stripCitationMarkers(text: string): string {
  return text
    .replace(bracketMarker, "")
    .replace(privateUseMarker, (_marker, space: string, inner: string) => {
      const name = entityName(inner);
      return name ? `${space}${name}` : "";
    })
    .replace(strayPrivateUse, "")
    .replace(/[ \t]+(?=\n|$)/g, "");
}

function entityName(inner: string): string {
  const [kind, payload] = inner.split("\ue202");
  if (kind !== "entity" || payload === undefined) return "";
  try {
    const value: unknown = JSON.parse(payload);
    return Array.isArray(value) && typeof value[1] === "string" ? value[1] : "";
  } catch {
    return "";
  }
}

const webSource = z.looseObject({ url: z.string().nullish(), title: z.string().nullish() });
const citationMetadata = z.looseObject({
  citations: z.array(z.looseObject({ metadata: webSource.nullish() })).nullish(),
  content_references: z
    .array(z.looseObject({ items: z.array(webSource).nullish(), url: z.string().nullish() }))
    .nullish(),
});

/**
 * The web pages a message cites, as a Markdown list, or "" when it cites none: the markers
 * are stripped rather than rendered in place, because their offsets into the text do not
 * survive reliably (code points against UTF-16 units, markers changing over the years),
 * while the list keeps every source readable and clickable.
 */
export function citedSources(metadata: unknown): string {
  const parsed = citationMetadata.safeParse(metadata);
  if (!parsed.success) return "";
  const pages: z.infer<typeof webSource>[] = [];
  for (const citation of parsed.data.citations ?? []) {
    if (citation.metadata) pages.push(citation.metadata);
  }
  for (const reference of parsed.data.content_references ?? []) {
    pages.push(...(reference.items ?? []));
    if (reference.url) pages.push({ url: reference.url });
  }
  const seen = new Map<string, string>();
  for (const page of pages) {
    if (!page.url || !/^https?:\/\//.test(page.url) || seen.has(page.url)) continue;
    seen.set(page.url, (page.title ?? "").replace(/[[\]\n]/g, " ").trim() || page.url);
  }
  if (seen.size === 0) return "";
  const lines = [...seen].map(
    ([url, title]) => `- [${title}](${url.replace(/[()\s]/g, encodeURIComponent)})`,
  );
  return `Sources:\n${lines.join("\n")}`;
}
