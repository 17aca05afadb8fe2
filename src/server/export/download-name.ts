// Download names: a slug of the session's or project's name, and the Content-Disposition that
// carries it (RFC 6266: an ASCII `filename` for old clients, `filename*` in UTF-8 for the rest).

const MAX_SLUG = 60;

function slugWith(name: string, keep: RegExp, fallback: string): string {
  const slug = name
    .toLowerCase()
    .replace(keep, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG)
    .replace(/-+$/, "");
  return slug || fallback;
}

/** ASCII letters and digits only: safe in any filesystem and in a quoted header value. */
export const asciiSlug = (name: string, fallback: string) =>
  slugWith(name.normalize("NFKD").replace(/\p{M}+/gu, ""), /[^a-z0-9]+/g, fallback);

/** Letters and digits of any script: what `filename*` offers browsers that read it. */
const unicodeSlug = (name: string, fallback: string) =>
  slugWith(name.normalize("NFC"), /[^\p{L}\p{M}\p{N}]+/gu, fallback);

/**
 * `attachment` with the name `<slug><suffix>`, where `slug` comes from `name` (`fallback` when
 * nothing of it is left); `filename*` only when the name has letters ASCII cannot hold.
 */
export function attachmentDisposition(name: string, suffix: string, fallback: string): string {
  const ascii = `${asciiSlug(name, fallback)}${suffix}`;
  const unicode = `${unicodeSlug(name, fallback)}${suffix}`;
  const plain = `attachment; filename="${ascii}"`;
  return unicode === ascii ? plain : `${plain}; filename*=UTF-8''${encodeRFC5987(unicode)}`;
}

function encodeRFC5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `2026-11-29`: the day of an export, in UTC, for its file name. */
export const exportDay = (date: Date) => date.toISOString().slice(0, 10);
