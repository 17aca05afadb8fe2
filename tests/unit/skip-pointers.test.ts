// Skip pointers (src/server/queries/skip-pointers.ts): the depth function, and the insert's
// claim that a new message reaches its pointer in at most two hops from its parent.
import { describe, expect, it } from "vitest";
import { skipDepth, skipHops } from "@/server/queries/skip-pointers";

/** Myers' rule, as the paper states it: jump(d) from jump(d - 1) and jump(jump(d - 1)). */
function myersJumps(upTo: number): number[] {
  const jump = [0];
  for (let d = 1; d <= upTo; d++) {
    const p = jump[d - 1] ?? 0;
    const pp = jump[p] ?? 0;
    jump[d] = d - 1 - p === p - pp ? pp : d - 1;
  }
  return jump;
}

describe("skipDepth", () => {
  it("is Myers' jump, a skew-binary term below the depth", () => {
    const jump = myersJumps(1 << 17);
    for (let d = 1; d <= 1 << 17; d++) {
      expect(skipDepth(d)).toBe(jump[d]);
      const gap = d - skipDepth(d);
      expect(gap & (gap + 1), `depth ${d}`).toBe(0);
    }
    expect([1, 2, 3, 4, 5, 6, 7, 8, 10, 14, 15].map(skipDepth)).toEqual([
      0, 1, 0, 3, 4, 3, 0, 7, 7, 7, 0,
    ]);
  });

  it("refuses what is not a depth", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => skipDepth(bad)).toThrow(RangeError);
  });

  it("lets a new message find its pointer in at most two hops from its parent, three from its grandparent", () => {
    for (let d = 2; d <= 100_000; d++) {
      const target = skipDepth(d);
      expect(skipHops(d - 1, target), `depth ${d}`).toBeLessThanOrEqual(2);
      if (d > 2 && target !== d - 1)
        expect(skipHops(d - 2, target), `depth ${d}`).toBeLessThanOrEqual(3);
    }
    expect(skipHops(10, 7)).toBe(1);
    expect(skipHops(10, 3)).toBeNull();
  });
});
