import { describe, expect, it } from "vitest";
import { authorLabel, type ChatViewer, showsAuthors } from "@/components/chat/chat-viewer";
import type { CraftUIMessage } from "@/components/chat/ui-messages";

const question = (authorId: string | null, authorName: string | null = null): CraftUIMessage => ({
  id: `m-${authorId ?? "owner"}`,
  role: "user",
  parts: [{ type: "text", text: "hi" }],
  metadata: { authorId, authorName },
});

const owner: ChatViewer = { role: "owner", userId: "u-owner", ownerName: null };
const member: ChatViewer = { role: "collaborator", userId: "u-bea", ownerName: "Ada" };

describe("authorLabel", () => {
  it("names the owner's questions 'You' to the owner and by name to members", () => {
    expect(authorLabel(question(null), owner)).toBe("You");
    expect(authorLabel(question(null), member)).toBe("Ada");
  });

  it("names a collaborator's questions 'You' to them and by name to everyone else", () => {
    expect(authorLabel(question("u-bea", "Bea"), member)).toBe("You");
    expect(authorLabel(question("u-bea", "Bea"), owner)).toBe("Bea");
    expect(authorLabel(question("u-cy", "Cy"), member)).toBe("Cy");
  });

  it("takes a question sent in this tab, not stored yet, as the owner's", () => {
    expect(authorLabel({ ...question(null), metadata: {} }, owner)).toBe("You");
  });
});

describe("showsAuthors", () => {
  it("shows names to members, and to the owner once someone else has written", () => {
    expect(showsAuthors([question(null)], member)).toBe(true);
    expect(showsAuthors([question(null)], owner)).toBe(false);
    expect(showsAuthors([question(null), question("u-bea", "Bea")], owner)).toBe(true);
  });
});
