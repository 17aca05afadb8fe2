// The colour theme: system, light or dark, chosen per browser and shown as the `dark` class on
// <html>, which the colour tokens in globals.css follow.

export const themes = ["system", "light", "dark"] as const;
export type Theme = (typeof themes)[number];

const STORAGE_KEY = "craft.theme";
const CHANGE_EVENT = "craft-theme-change";

/**
 * Sets the `dark` class from the stored choice, or from the system's scheme without one, and
 * again whenever either changes (in this tab or another). It is the inline script of the root
 * layout, run before the first paint, so it stands alone: no imports, nothing from outside.
 */
function followTheme(storageKey: string, changeEvent: string) {
  const system = matchMedia("(prefers-color-scheme: dark)");
  const apply = () => {
    let choice: string | null = null;
    try {
      choice = localStorage.getItem(storageKey);
    } catch {
      // Storage blocked (cookies off): the system's scheme it is.
    }
    const dark = choice === "dark" || (choice !== "light" && system.matches);
    document.documentElement.classList.toggle("dark", dark);
  };
  apply();
  system.addEventListener("change", apply);
  addEventListener(changeEvent, apply);
  addEventListener("storage", (event) => {
    if (event.key === storageKey) apply();
  });
}

export const themeScript = `(${followTheme})(${JSON.stringify(STORAGE_KEY)},${JSON.stringify(CHANGE_EVENT)})`;

/** The stored choice; "system" without one, or where storage is blocked. */
export function readTheme(): Theme {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return themes.find((theme) => theme === stored) ?? "system";
  } catch {
    return "system";
  }
}

/** Stores the choice ("system" stores none) and applies it through the inline script. */
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
