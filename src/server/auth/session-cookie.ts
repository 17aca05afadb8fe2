import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The name Better Auth gives its session cookie. Only this name counts: over https the cookie is
 * `__Secure-` prefixed, which a subdomain or a plain-http attacker cannot set, so accepting the
 * unprefixed name as well would let a planted cookie sign the browser into another account.
 */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}better-auth.session_token`;
}

/**
 * The session token from Better Auth's signed cookie `cookieName`, or null when absent or not
 * signed by `secret`. Same format as Better Auth's own check:
 * encodeURIComponent(`${token}.${signature}`), the signature being the base64 HMAC-SHA256 of the
 * token.
 */
export function sessionTokenFromCookies(
  cookieHeader: string | null,
  cookieName: string,
  secret: string,
): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const equals = part.indexOf("=");
    if (equals < 0 || part.slice(0, equals).trim() !== cookieName) continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(equals + 1).trim());
    } catch {
      return null;
    }
    const dot = value.lastIndexOf(".");
    if (dot < 1) return null;
    const token = value.slice(0, dot);
    // Compared as text: base64 decoders ignore what follows the padding; text does not.
    const signature = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(createHmac("sha256", secret).update(token).digest("base64"));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
    return token;
  }
  return null;
}
