import { type NextRequest, NextResponse } from "next/server";
import { pageSessionRenewal } from "@/server/auth/session";

/**
 * The Content-Security-Policy of every page, with a fresh nonce per request. Next reads the
 * nonce from the request's policy and puts it on its own scripts; with 'strict-dynamic' those
 * may load the rest of the app. No other script runs: not an inline one, not an event-handler
 * attribute, not a javascript: URL, so markup that slipped into a message could not execute.
 *
 * - style-src allows inline styles: React server-renders `style` attributes (and Radix adds
 *   <style> elements) without a nonce. A style cannot run script, and with img-src,
 *   font-src and connect-src limited to this origin, CSS cannot send data elsewhere either.
 * - img-src is this origin (plus data: and blob:): a model-written markdown image cannot
 *   call out to another server, with or without the conversation in its URL.
 * - No upgrade-insecure-requests: plain-http LAN installs are supported (see BETTER_AUTH_URL).
 * - In development React needs eval() for its error overlays; production never does.
 */
function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// Pages only: API answers and static files get their headers from next.config.ts, and their
// session renewal from withUser.
export async function proxy(request: NextRequest) {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))));
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  for (const cookie of await pageSessionRenewal(request.headers)) {
    response.headers.append("set-cookie", cookie);
  }
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static/|_next/image|favicon.ico).*)",
      // A prefetch carries no HTML to protect.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
