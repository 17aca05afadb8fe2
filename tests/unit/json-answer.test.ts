// Under test, every answer is parsed with its contract schema: a leaking column fails the test.
import { describe, expect, it } from "vitest";
import { messageBody, successBody } from "@/lib/contract/bodies";
import { json, jsonText } from "@/server/http/handler";

const message = {
  id: "m1",
  chatSessionId: "s1",
  parentId: null,
  role: "user" as const,
  authorId: null,
  authorName: null,
  content: "Hi",
  status: "complete" as const,
  createdAt: new Date("2026-01-02T03:04:05Z"),
  siblingCount: 1,
  siblingIndex: 1,
  siblingIds: ["m1"],
};

describe("json answers", () => {
  it("sends a body that fits its schema, dates as ISO strings", async () => {
    const res = json(messageBody, { message }, 201);
    expect(res.status).toBe(201);
    expect((await res.json()).message.createdAt).toBe("2026-01-02T03:04:05.000Z");
  });

  it("refuses a body with a field the contract does not have", () => {
    const leaking = { message: { ...message, seq: 7 } };
    expect(() => json(messageBody, leaking)).toThrow(/answer breaks its schema/);
  });

  it("checks a cached body too", () => {
    expect(() => jsonText(successBody, '{"success":false}')).toThrow(/answer breaks its schema/);
    expect(jsonText(successBody, '{"success":true}').status).toBe(200);
  });
});
