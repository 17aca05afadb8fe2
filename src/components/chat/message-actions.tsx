"use client";

import { Check, Copy, Pencil, RefreshCw, Trash2 } from "lucide-react";
import { createContext, type ReactNode, use } from "react";
import { useCopy } from "@/components/ui/use-copy";
import { cn } from "@/lib/cn";
import { roleAllows } from "@/lib/session-rights";
import { useChatViewer } from "./chat-viewer";
import { type CraftUIMessage, textOf } from "./ui-messages";
import { VersionSwitcher } from "./version-switcher";

/** What a message's buttons do, given by the conversation that holds the messages. */
export interface ConversationActions {
  /** A reply streams in this tab: versions cannot change until it ends. */
  locked: boolean;
  editingId: string | null;
  setEditingId: (id: string | null) => void;
  /** Sends `text` as a new version of the question `id`, which is answered. */
  editQuestion: (id: string, text: string) => void;
  /** Replaces a reply's text by hand. */
  fixReply: (id: string, text: string) => Promise<void>;
  regenerate: (replyId: string) => void;
  switchTo: (id: string) => void;
  askToDelete: (id: string) => void;
}

export const ConversationActionsContext = createContext<ConversationActions | null>(null);

export function useConversationActions(): ConversationActions | null {
  return use(ConversationActionsContext);
}

/**
 * The row under a message: its versions ("‹ 2 / 3 ›") and what can be done to it. Shown on
 * hover or keyboard focus (always on touch screens, and under the newest message).
 */
export function MessageActions({
  message,
  alwaysShown,
  children,
}: {
  message: CraftUIMessage;
  alwaysShown: boolean;
  /** Shown first in the row: the message's time and status. */
  children?: ReactNode;
}) {
  // Versions and changes are the owner's ("manage"): a member reads and copies.
  const viewer = useChatViewer();
  const conversation = useConversationActions();
  const actions = roleAllows(viewer.role, "manage") ? conversation : null;
  const [copied, copy] = useCopy();
  const isQuestion = message.role === "user";
  const locked = actions?.locked ?? true;
  const siblingIds = message.metadata?.siblingIds;
  return (
    <div
      className={cn("flex flex-wrap items-center gap-x-1", isQuestion && "justify-end")}
      data-testid="message-actions"
    >
      {children}
      {actions && siblingIds && (
        <VersionSwitcher
          siblingIds={siblingIds}
          shownId={message.id}
          disabled={locked}
          onSwitch={actions.switchTo}
        />
      )}
      <div
        className={cn(
          "flex items-center transition-opacity",
          !alwaysShown &&
            "opacity-0 group-hover:opacity-100 group-focus-within:opacity-100 [@media(hover:none)]:opacity-100",
        )}
      >
        <ActionButton
          label={copied ? "Copied" : "Copy message"}
          onClick={() => void copy(textOf(message))}
          testId="copy-message"
        >
          {copied ? <Check className="h-3.5 w-3.5" /> : <Copy className="h-3.5 w-3.5" />}
        </ActionButton>
        <span role="status" className="sr-only">
          {copied ? "Message copied" : ""}
        </span>
        {actions && (
          <>
            <ActionButton
              label={isQuestion ? "Edit message" : "Edit reply text"}
              onClick={() => actions.setEditingId(message.id)}
              disabled={locked}
              testId="edit-message"
            >
              <Pencil className="h-3.5 w-3.5" />
            </ActionButton>
            {!isQuestion && (
              <ActionButton
                label="Regenerate reply"
                onClick={() => actions.regenerate(message.id)}
                disabled={locked}
                testId="regenerate"
              >
                <RefreshCw className="h-3.5 w-3.5" />
              </ActionButton>
            )}
            <ActionButton
              label="Delete message"
              onClick={() => actions.askToDelete(message.id)}
              disabled={locked}
              testId="delete-message"
            >
              <Trash2 className="h-3.5 w-3.5" />
            </ActionButton>
          </>
        )}
      </div>
    </div>
  );
}

function ActionButton({
  label,
  onClick,
  disabled,
  testId,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
      title={label}
      data-testid={testId}
      className="flex h-7 w-7 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-accent-foreground disabled:opacity-40 disabled:hover:bg-transparent"
    >
      {children}
    </button>
  );
}
