import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { MessageItem } from "@/components/chat/message-item";
import { toUIMessage } from "@/components/chat/ui-messages";
import { ThemeMenu } from "@/components/theme-menu";
import { Timestamp } from "@/components/ui/timestamp";
import { asJson } from "@/lib/as-json";
import { getDatabase } from "@/server/db";
import { readSharedSession } from "@/server/queries/share-links";
import { SHARE_TOKEN_PATTERN } from "@/server/share-links/token";

/** The newest messages of the link's branch a page shows; a note says when there are more. */
const SHOWN = 500;

interface Props {
  params: Promise<{ token: string }>;
}

// Read once per request for the metadata and the page alike, and afresh on every request
// (no cache across requests): a revoked link is gone at once, on every instance.
const readShared = cache(async (token: string) => {
  if (!SHARE_TOKEN_PATTERN.test(token)) return null;
  const { db } = await getDatabase();
  return readSharedSession(db, { token, take: SHOWN });
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const shared = await readShared((await params).token);
  return {
    title: shared?.sessionName ?? "Not found",
    robots: { index: false, follow: false },
    referrer: "no-referrer",
  };
}

// A read-only link (/s/<token>): the session's name, its owner's display name and one branch
// of its messages, for anyone holding the token, signed in or not. Nothing here writes.
export default async function SharedSessionPage({ params }: Props) {
  const shared = await readShared((await params).token);
  if (!shared) notFound();
  const messages = shared.messages.map((message) => toUIMessage(asJson(message)));
  const hidden = shared.messageCount - messages.length;
  return (
    <div className="flex min-h-dvh flex-col bg-background text-foreground">
      <header className="flex h-14 items-center gap-3 border-b border-border bg-card px-4 text-card-foreground">
        <span className="flex items-center gap-2 font-semibold">
          <span
            aria-hidden="true"
            className="flex h-7 w-7 items-center justify-center rounded-md bg-primary text-sm font-bold text-primary-foreground"
          >
            C
          </span>
          Craft
        </span>
        <span className="flex-1" />
        <span className="rounded-full border border-border px-2 py-0.5 text-xs text-muted-foreground">
          Read-only
        </span>
        <ThemeMenu />
      </header>
      <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-6" data-testid="shared-session">
        <h1 className="text-xl font-semibold break-words">{shared.sessionName}</h1>
        {/* Each part whole on a narrow screen: a line breaks between them, never inside. */}
        <p
          className="mt-1 flex flex-wrap gap-x-1.5 text-sm text-muted-foreground [&>span]:whitespace-nowrap"
          data-testid="shared-byline"
        >
          <span>
            Shared by <span className="font-medium text-foreground">{shared.ownerName}</span>
          </span>
          <span aria-hidden="true">·</span>
          <span>
            {shared.mode === "snapshot" ? (
              <Timestamp iso={shared.linkCreatedAt.toISOString()} prefix="as it was " />
            ) : (
              <Timestamp iso={shared.sessionUpdatedAt.toISOString()} prefix="live, updated " />
            )}
          </span>
          <span aria-hidden="true">·</span>
          <span>{shared.messageCount === 1 ? "1 message" : `${shared.messageCount} messages`}</span>
        </p>
        {hidden > 0 && (
          <p
            className="mt-4 rounded-md border border-border bg-muted px-3 py-2 text-sm text-muted-foreground"
            data-testid="shared-cut"
          >
            Showing the newest {messages.length} of {shared.messageCount} messages.
          </p>
        )}
        <h2 className="sr-only">Conversation</h2>
        {messages.length === 0 ? (
          <p className="mt-8 text-center text-sm text-muted-foreground">No messages yet.</p>
        ) : (
          <ol className="mt-6 space-y-5" aria-label="Messages">
            {messages.map((message, index) => (
              <MessageItem
                key={message.id}
                message={message}
                streaming={false}
                newest={index === messages.length - 1}
                author={
                  message.role === "user"
                    ? (message.metadata?.authorName ?? shared.ownerName)
                    : undefined
                }
              />
            ))}
          </ol>
        )}
      </main>
      <footer className="border-t border-border px-4 py-3 text-center text-xs text-muted-foreground">
        A read-only conversation shared from Craft.
      </footer>
    </div>
  );
}
