// The colour theme: system, light or dark, chosen per browser and shown as the `dark` class on
// <html>, which the colour tokens in globals.css follow.

export const themes = ["system", "light", "dark"] as const;
export type Theme = (typeof themes)[number];

const STORAGE_KEY = "craft.theme";
const CHANGE_EVENT = "craft-theme-change";
const DARK_QUERY = "(prefers-color-scheme: dark)";

/**
 * Sets the `dark` class from the stored choice, or from the system's scheme without one. It is
 * also the inline script of the root layout, run before the first paint, so it stands alone:
 * everything it uses comes in as an argument.
 */
function applyTheme(storageKey: string, darkQuery: string) {
  let choice: string | null = null;
  try {
    choice = localStorage.getItem(storageKey);
  } catch {
    // Storage blocked (cookies off): the system's scheme it is.
  }
  const dark = choice === "dark" || (choice !== "light" && matchMedia(darkQuery).matches);
  document.documentElement.classList.toggle("dark", dark);
  // The browser's own bar (a phone's address bar) takes the chosen scheme's colour too.
  for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
    meta.dataset.scheme ??= meta.media.includes("dark") ? "dark" : "light";
    const scheme = meta.dataset.scheme;
    const explicit = choice === "light" || choice === "dark";
    meta.media = explicit
      ? choice === scheme
        ? "all"
        : "not all"
      : `(prefers-color-scheme: ${scheme})`;
  }
}

export const themeScript = `(${applyTheme})(${JSON.stringify(STORAGE_KEY)},${JSON.stringify(DARK_QUERY)})`;

/**
 * Applies the theme now and whenever the choice (here or in another tab) or the system's scheme
 * changes. Applying now also covers a page React rendered in the browser (Next's error shell,
 * as for a missing project): there the inline script never ran, and React reset <html>.
 */
export function followTheme(): () => void {
  const apply = () => applyTheme(STORAGE_KEY, DARK_QUERY);
  apply();
  const system = matchMedia(DARK_QUERY);
  system.addEventListener("change", apply);
  const unsubscribe = subscribeTheme(apply);
  return () => {
    system.removeEventListener("change", apply);
    unsubscribe();
  };
}

/** The stored choice; "system" without one, or where storage is blocked. */
export function readTheme(): Theme {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return themes.find((theme) => theme === stored) ?? "system";
  } catch {
    return "system";
  }
}

/** Stores the choice ("system" stores none) and tells followTheme and readTheme's subscribers. */
export function setTheme(theme: Theme) {
  if (theme === "system") localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, theme);
  dispatchEvent(new Event(CHANGE_EVENT));
}

/** Calls back when the choice changes, here or in another tab; for useSyncExternalStore. */
export function subscribeTheme(onChange: () => void): () => void {
  addEventListener(CHANGE_EVENT, onChange);
  addEventListener("storage", onChange);
  return () => {
    removeEventListener(CHANGE_EVENT, onChange);
    removeEventListener("storage", onChange);
  };
}
