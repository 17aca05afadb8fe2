import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { ThemeFollower } from "@/components/theme-follower";
import { themeScript } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Craft", template: "%s · Craft" },
  description: "A self-hosted AI workspace for your projects",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The page's CSP nonce (see proxy.ts): without it the theme script would not run.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The theme script sets the class before React hydrates, so the server's cannot match.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce}>{themeScript}</script>
      </head>
      <body className="min-h-dvh font-sans">
        <ThemeFollower />
        {children}
      </body>
    </html>
  );
}
