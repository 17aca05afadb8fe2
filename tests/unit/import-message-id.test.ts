import { describe, expect, it } from "vitest";
import { ID_PATTERN } from "@/server/http/schemas/common";
import { importedMessageId } from "@/server/queries/import-message-id";

describe("importedMessageId", () => {
  it("makes 24 characters of lowercase base36, within the API's id pattern", () => {
    for (let i = 0; i < 1_000; i++) {
      const id = importedMessageId();
      expect(id).toMatch(/^[0-9a-z]{24}$/);
      expect(id).toMatch(ID_PATTERN);
    }
  });

  it("never repeats itself and uses the whole alphabet", () => {
    const ids = Array.from({ length: 10_000 }, importedMessageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.join("")).size).toBe(36);
  });
});
