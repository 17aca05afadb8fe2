"use client";

import { useLayoutEffect } from "react";
import { followTheme } from "@/lib/theme";

/** Keeps the `dark` class of <html> in step with the theme on every page; renders nothing. */
export function ThemeFollower() {
  // Before the paint: a page React rendered in the browser must not show light first.
  useLayoutEffect(followTheme, []);
  return null;
}
