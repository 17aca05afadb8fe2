import type { NextConfig } from "next";

/** On every answer: pages, API and static files. */
const securityHeaders = [
  // Content is what its Content-Type says: no sniffing a JSON answer or an upload into HTML.
  { key: "X-Content-Type-Options", value: "nosniff" },
  // No framing (clickjacking); pages say the same with CSP frame-ancestors, for older browsers.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Nothing here uses these; a script that got in could not ask for them either.
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  },
  // A window this app opens, or that opens it, gets no handle on the other.
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/**
 * API answers are data, never documents: should a browser render one anyway, it may load
 * nothing, run nothing and sit in no frame. Pages get their nonce-based policy from
 * src/proxy.ts; the two never overlap (a second policy would have to be met as well).
 */
const apiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files relative to its own module; bundling breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: apiPolicy }] },
      // A shared conversation (src/app/s): kept out of search engines, and its address (the
      // token is the grant) never sent on to a site one of its links leads to.
      {
        source: "/s/:token",
        headers: [
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
    ];
  },
};

export default nextConfig;
