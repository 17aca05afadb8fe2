"use client";

import { ChevronDown, FileText, Loader2, MessageSquarePlus, Settings2 } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { SessionTemplate } from "@/lib/contract/entities";
import { TemplateManager } from "./template-manager";
import { TemplatePicker } from "./template-picker";

interface Props {
  creating: boolean;
  /** A blank chat, as the main part of the button makes. */
  onCreate: () => void;
  onCreateFrom: (template: SessionTemplate) => void;
}

/**
 * "New Chat" as a split button: the main part makes a blank chat in one click or Enter, as
 * ever; the chevron offers "New chat from template…" and "Manage templates…".
 */
export function NewChatButton({ creating, onCreate, onCreateFrom }: Props) {
  const [dialog, setDialog] = useState<"picker" | "manager" | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  // The dialogs close to the main button: the menu item that opened them is gone.
  const main = () => wrapper.current?.querySelector<HTMLElement>("[data-testid=new-chat]");
  const close = (open: boolean) => {
    if (!open) setDialog(null);
  };

  return (
    <div ref={wrapper} className="flex items-center">
      <Button
        variant="secondary"
        size="sm"
        onClick={onCreate}
        disabled={creating}
        data-testid="new-chat"
        aria-label="New Chat"
        className="rounded-r-none"
      >
        {creating ? (
          <Loader2 className="h-4 w-4 animate-spin" />
        ) : (
          <MessageSquarePlus className="h-4 w-4" />
        )}
        <span className="hidden sm:inline">New Chat</span>
      </Button>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <Button
            variant="secondary"
            size="sm"
            disabled={creating}
            aria-label="More ways to start a chat"
            data-testid="new-chat-menu"
            className="-ml-px rounded-l-none px-1.5"
          >
            <ChevronDown className="h-4 w-4" />
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            // A dialog opening from the menu keeps the focus: the menu must not take it back.
            onCloseAutoFocus={(event) => {
              if (dialog) event.preventDefault();
            }}
            align="end"
            sideOffset={6}
            className="z-30 min-w-[14rem] rounded-lg border border-border bg-popover p-1 text-popover-foreground shadow-lg"
          >
            <DropdownMenu.Item
              onSelect={() => setDialog("picker")}
              data-testid="new-chat-from-template"
              className="flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-2 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-foreground"
            >
              <FileText className="h-4 w-4 text-muted-foreground" aria-hidden />
              New chat from template…
            </DropdownMenu.Item>
            <DropdownMenu.Item
              onSelect={() => setDialog("manager")}
              className="flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-2 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-foreground"
            >
              <Settings2 className="h-4 w-4 text-muted-foreground" aria-hidden />
              Manage templates…
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <TemplatePicker
        open={dialog === "picker"}
        onOpenChange={close}
        onPick={(template) => {
          setDialog(null);
          if (template) onCreateFrom(template);
          else onCreate();
        }}
        onManage={() => setDialog("manager")}
        returnFocusTo={main}
      />
      <TemplateManager open={dialog === "manager"} onOpenChange={close} returnFocusTo={main} />
    </div>
  );
}
