"use client";

import { AlertTriangle, Bot } from "lucide-react";
import { Timestamp } from "@/components/ui/timestamp";
import { cn } from "@/lib/cn";
import { Markdown } from "./markdown";
import { MessageActions, useConversationActions } from "./message-actions";
import { MessageEditor } from "./message-editor";
import { type CraftUIMessage, textOf } from "./ui-messages";

export function MessageItem({
  message,
  streaming,
  newest,
  openedAt = false,
  author,
}: {
  message: CraftUIMessage;
  streaming: boolean;
  /** The conversation's newest message: its buttons stay in view. */
  newest: boolean;
  /** The message the conversation was opened at (a search hit): marked, and focusable. */
  openedAt?: boolean;
  /** Who asked, shown above the question when several people write in the session. */
  author?: string;
}) {
  const actions = useConversationActions();
  const text = textOf(message);
  const createdAt = message.metadata?.createdAt;
  const status = streaming ? "streaming" : message.metadata?.status;
  const editing = actions?.editingId === message.id;
  const time = createdAt ? (
    <Timestamp iso={createdAt} className="text-xs text-muted-foreground" testId="message-time" />
  ) : null;
  const stopEditing = () => actions?.setEditingId(null);
  const opened = openedAt ? { tabIndex: -1, "data-opened-at": true } : {};
  const openedStyle = openedAt
    ? "rounded-xl ring-2 ring-mark ring-offset-4 ring-offset-background outline-none"
    : "";

  if (message.role === "user") {
    return (
      <li
        {...opened}
        className={cn("group flex flex-col items-end gap-1", openedStyle)}
        data-testid="message"
        data-role="user"
        data-message-id={message.id}
      >
        {/* Seen, not read out: the bubble itself says "… said:". */}
        {author && (
          <span
            aria-hidden="true"
            className="px-1 text-xs font-medium text-muted-foreground"
            data-testid="message-author"
          >
            {author}
          </span>
        )}
        {editing && actions ? (
          <MessageEditor
            initialText={text}
            submitLabel="Send"
            hint="Sent as a new version and answered; the earlier one stays."
            onSubmit={(edited) => actions.editQuestion(message.id, edited)}
            onCancel={stopEditing}
          />
        ) : (
          <div className="max-w-[85%] rounded-2xl rounded-br-md bg-primary px-3.5 py-2 text-sm whitespace-pre-wrap break-words text-primary-foreground">
            <span className="sr-only">{author ?? "You"} said: </span>
            {text}
          </div>
        )}
        {!editing && (
          <MessageActions message={message} alwaysShown={newest}>
            {time}
          </MessageActions>
        )}
      </li>
    );
  }
  return (
    <li
      {...opened}
      className={cn("group flex gap-3", openedStyle)}
      data-testid="message"
      data-role="assistant"
      data-message-id={message.id}
      data-status={status}
    >
      <span
        aria-hidden="true"
        className="mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-muted text-muted-foreground"
      >
        <Bot className="h-4 w-4" />
      </span>
      <div className="min-w-0 flex-1 space-y-1">
        <span className="sr-only">Craft said: </span>
        {editing && actions ? (
          <MessageEditor
            initialText={text}
            submitLabel="Save"
            hint="Changes this reply's text in place (Markdown)."
            onSubmit={async (fixed) => {
              await actions.fixReply(message.id, fixed);
              stopEditing();
            }}
            onCancel={stopEditing}
          />
        ) : text ? (
          <Markdown text={text} streaming={status === "streaming"} />
        ) : status === "streaming" ? (
          <span className="inline-flex gap-1 py-2" role="status" aria-label="Writing a reply">
            <span className="h-1.5 w-1.5 animate-bounce rounded-full bg-muted-foreground" />
            <span className="h-1.5 w-1.5 animate-bounce rounded-full bg-muted-foreground [animation-delay:120ms]" />
            <span className="h-1.5 w-1.5 animate-bounce rounded-full bg-muted-foreground [animation-delay:240ms]" />
          </span>
        ) : null}
        {status === "streaming"
          ? time
          : !editing && (
              <MessageActions message={message} alwaysShown={newest}>
                {time}
                {status === "partial" && <Badge>Reply cut off</Badge>}
                {status === "error" && <Badge>The model failed to answer</Badge>}
              </MessageActions>
            )}
      </div>
    </li>
  );
}

function Badge({ children }: { children: string }) {
  return (
    <span className="mr-1 inline-flex items-center gap-1 rounded bg-warning px-1.5 py-0.5 text-xs text-warning-foreground">
      <AlertTriangle className="h-3 w-3" />
      {children}
    </span>
  );
}
