"use client";

import { Search } from "lucide-react";
import { useParams } from "next/navigation";
import { createContext, type ReactNode, use, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { SearchPalette } from "./search-palette";

const OpenSearchContext = createContext<(() => void) | null>(null);

/**
 * The search palette of a signed-in page: Ctrl/Cmd+K anywhere on it, or `useOpenSearch()`
 * (the header's button, the session switcher), opens it.
 */
export function SearchProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const params = useParams<{ id?: string }>();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setOpen((shown) => !shown);
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
  return (
    <OpenSearchContext value={() => setOpen(true)}>
      {children}
      <SearchPalette open={open} onOpenChange={setOpen} projectId={params.id} />
    </OpenSearchContext>
  );
}

/** Opens the search palette; null outside a SearchProvider (a page without search). */
export function useOpenSearch(): (() => void) | null {
  return use(OpenSearchContext);
}

/** The header's Search button, with its shortcut. */
export function SearchButton() {
  const openSearch = useOpenSearch();
  if (!openSearch) return null;
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={openSearch}
      aria-label="Search chats"
      aria-keyshortcuts="Control+K Meta+K"
      data-testid="open-search"
    >
      <Search className="h-4 w-4" />
      <span className="hidden text-muted-foreground md:inline">Search</span>
      <kbd className="hidden rounded border border-border px-1 font-sans text-[10px] text-muted-foreground md:inline">
        Ctrl K
      </kbd>
    </Button>
  );
}
