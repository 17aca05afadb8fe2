import { describe, expect, it } from "vitest";
import {
  HIGHLIGHT_END as E,
  fromMarkedText,
  HIGHLIGHT_START as S,
  snippetParts,
} from "@/server/search-snippet";

const plain = { lead: "", trail: "", cutStart: false, cutEnd: false };

describe("fromMarkedText", () => {
  it("splits ts_headline's output at its markers", () => {
    expect(fromMarkedText(`Why does my ${S}useEffect${E} run twice?`)).toEqual([
      { text: "Why does my ", highlight: false },
      { text: "useEffect", highlight: true },
      { text: " run twice?", highlight: false },
    ]);
  });

  it("drops craft_search_text's word boundaries (U+0001)", () => {
    expect(fromMarkedText("see src/\u0001app/\u0001page.\u0001tsx")).toEqual([
      { text: "see src/app/page.tsx", highlight: false },
    ]);
  });

  it("joins matched words that a path's or a name's punctuation joins", () => {
    expect(
      fromMarkedText(`open ${S}src${E}/\u0001${S}app${E}/\u0001${S}page${E}.\u0001${S}tsx${E} now`),
    ).toEqual([
      { text: "open ", highlight: false },
      { text: "src/app/page.tsx", highlight: true },
      { text: " now", highlight: false },
    ]);
    expect(fromMarkedText(`${S}ERR${E}_${S}MODULE${E}_${S}NOT${E}_${S}FOUND${E}`)).toEqual([
      { text: "ERR_MODULE_NOT_FOUND", highlight: true },
    ]);
    // Two matches apart stay apart.
    expect(fromMarkedText(`${S}foo${E} and ${S}bar${E}`)).toEqual([
      { text: "foo", highlight: true },
      { text: " and ", highlight: false },
      { text: "bar", highlight: true },
    ]);
    // CJK characters are matched one by one: a run of them is one piece.
    expect(
      fromMarkedText(`数\u0001据\u0001库\u0001的\u0001${S}索${E}\u0001${S}引${E}\u0001`),
    ).toEqual([
      { text: "数据库的", highlight: false },
      { text: "索引", highlight: true },
    ]);
  });

  it("collapses whitespace and trims the ends", () => {
    expect(fromMarkedText(`\n  first\n\n\tline ${S}hit${E}\r\n  next  `)).toEqual([
      { text: "first line ", highlight: false },
      { text: "hit", highlight: true },
      { text: " next", highlight: false },
    ]);
  });

  it("never yields an empty piece, even from markers alone", () => {
    expect(fromMarkedText(`${S}${E}${S}${E}`)).toEqual([]);
    expect(fromMarkedText("")).toEqual([]);
    expect(fromMarkedText(`${S}   ${E}`)).toEqual([]);
  });

  it("keeps markup and odd text as text", () => {
    const hostile = `<script>alert(1)</script> <img src=x onerror=alert(1)> ${S}&amp;${E} \u202e 😀`;
    const parts = fromMarkedText(hostile);
    expect(parts.map((p) => p.text).join("")).toBe(
      "<script>alert(1)</script> <img src=x onerror=alert(1)> &amp; \u202e 😀",
    );
    expect(parts.filter((p) => p.highlight)).toEqual([{ text: "&amp;", highlight: true }]);
  });

  it("keeps every character but markers and boundaries, whatever the input", () => {
    const samples = ["a\uFFFDb", "\u{1F468}\u200D\u{1F469}", "e\u0301", "\\n", "\u00a0x"];
    for (const s of samples)
      expect(
        fromMarkedText(s)
          .map((p) => p.text)
          .join(""),
        s,
      ).toBe(s.replace(/\s+/gu, " ").trim());
  });
});

describe("snippetParts", () => {
  it("puts back the punctuation beside the stretch and marks what was cut", () => {
    expect(
      snippetParts({
        headline: `script>alert(1)</\u0001script> is an ${S}XSS${E} payload`,
        lead: "<\u0001",
        trail: ".",
        cutStart: true,
        cutEnd: true,
      }),
    ).toEqual([
      { text: "… <script>alert(1)</script> is an ", highlight: false },
      { text: "XSS", highlight: true },
      { text: " payload. …", highlight: false },
    ]);
  });

  it("answers a whole short text as it is", () => {
    expect(snippetParts({ ...plain, headline: `New ${S}echidna${E} name` })).toEqual([
      { text: "New ", highlight: false },
      { text: "echidna", highlight: true },
      { text: " name", highlight: false },
    ]);
  });
});
