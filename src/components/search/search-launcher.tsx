"use client";

import { Search } from "lucide-react";
import { useParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { SearchPalette } from "./search-palette";

/** The header's Search button, and Ctrl/Cmd+K anywhere, opening the search palette. */
export function SearchLauncher() {
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
    <>
      <Button
        variant="ghost"
        size="sm"
        onClick={() => setOpen(true)}
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
      <SearchPalette open={open} onOpenChange={setOpen} projectId={params.id} />
    </>
  );
}
