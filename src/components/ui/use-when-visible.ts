"use client";

import { useEffect, useLayoutEffect, useRef } from "react";

/**
 * A ref for an element that calls `onVisible` whenever it scrolls into view while enabled, and
 * once more each time it becomes enabled while in view. The observer follows `enabled` only, not
 * the callback's identity.
 */
export function useWhenVisible<T extends Element>(enabled: boolean, onVisible: () => void) {
  const ref = useRef<T>(null);
  const latest = useRef(onVisible);
  useLayoutEffect(() => {
    latest.current = onVisible;
  });
  useEffect(() => {
    const node = ref.current;
    if (!node || !enabled) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) latest.current();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [enabled]);
  return ref;
}
