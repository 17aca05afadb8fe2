"use client";

import { useEffect, useRef } from "react";

/** A ref for an element that calls `onVisible` whenever it scrolls into view (while enabled). */
export function useWhenVisible<T extends Element>(enabled: boolean, onVisible: () => void) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const node = ref.current;
    if (!node || !enabled) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onVisible();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [enabled, onVisible]);
  return ref;
}
