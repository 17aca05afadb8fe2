"use client";

import type { ReactNode } from "react";
import { Dialog } from "@/components/ui/dialog";
import { ShareLinksSection } from "./share-links-section";
import { SharePeopleSection } from "./share-people-section";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  chatSessionId: string;
  sessionName: string;
  /** Where the focus goes back to when the element that opened it is gone (a menu item). */
  returnFocusTo?: () => HTMLElement | null | undefined;
}

/**
 * "Share…": one section per way of sharing a session, each its own component: people, and
 * read-only links.
 */
export function ShareDialog({
  open,
  onOpenChange,
  chatSessionId,
  sessionName,
  returnFocusTo,
}: Props) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Share "${sessionName}"`}
      description="People you invite, and anyone with a link, see this chat only, not the rest of the project."
      returnFocusTo={returnFocusTo}
      wide
    >
      {/* Mounted only while open: each section reads what it shows when the dialog opens. */}
      <div className="space-y-6">
        <ShareSection title="People">
          <SharePeopleSection chatSessionId={chatSessionId} />
        </ShareSection>
        <ShareSection title="Read-only links">
          <ShareLinksSection chatSessionId={chatSessionId} />
        </ShareSection>
      </div>
    </Dialog>
  );
}

/** One titled part of the share dialog. */
export function ShareSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="space-y-3">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}
