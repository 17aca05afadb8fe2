// Skip pointers (src/server/queries/skip-pointers.ts): the depth function, the insert's claim
// that a new message reaches its pointer in at most two hops from its parent, and the walk
// meetingWalk runs in SQL (chat-tree.ts), modelled here on random trees against a naive
// walk, with how many steps it takes.
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

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** A tree of messages (-1: above every first message), each with its skip pointer. */
class Tree {
  parent: number[] = [];
  depth: number[] = [];
  skip: number[] = [];

  /** Adds a message under `p` the way the insert does: from its parent's skip chain. */
  add(p: number): number {
    const id = this.parent.length;
    const depth = p < 0 ? 1 : (this.depth[p] ?? 0) + 1;
    const target = skipDepth(depth);
    let skip = -1;
    if (target > 0) {
      const hops = skipHops(depth - 1, target);
      if (hops === null) throw new Error(`depth ${depth}: no chain from the parent`);
      skip = p;
      for (let i = 0; i < hops; i++) skip = this.skip[skip] ?? -1;
    }
    this.parent.push(p);
    this.depth.push(depth);
    this.skip.push(skip);
    return id;
  }

  ancestorAt(x: number, depth: number): number {
    let n = x;
    while (n >= 0 && (this.depth[n] ?? 0) > depth) n = this.parent[n] ?? -1;
    return n;
  }

  /** The children of the meeting point of x and y on each side, one parent at a time. */
  naiveMeeting(x: number, y: number) {
    const above = new Set<number>();
    for (let n = x; n >= 0; n = this.parent[n] ?? -1) above.add(n);
    let meet = y;
    while (meet >= 0 && !above.has(meet)) meet = this.parent[meet] ?? -1;
    const d = meet < 0 ? 0 : (this.depth[meet] ?? 0);
    const child = (n: number) =>
      n >= 0 && (this.depth[n] ?? 0) > d ? this.ancestorAt(n, d + 1) : null;
    return { a: child(x), b: child(y) };
  }

  /**
   * meetingWalk's rule: the deeper side climbs to one below the other's depth, by its skip
   * pointer when that does not overshoot, else by its parent; level, both take their skip
   * pointers while those differ, else their parents; it ends when the two are the children
   * of the meeting point, or one is the meeting point itself.
   */
  meeting(x: number, y: number) {
    const depth = (n: number) => (n < 0 ? 0 : (this.depth[n] ?? 0));
    const parent = (n: number) => (n < 0 ? -1 : (this.parent[n] ?? -1));
    const skip = (n: number) => (n < 0 ? -1 : (this.skip[n] ?? -1));
    let [a, b, steps] = [x, y, 0];
    for (;;) {
      const [da, db] = [depth(a), depth(b)];
      if (da === db + 1 && parent(a) === b) return { a, b: null, steps };
      if (db === da + 1 && parent(b) === a) return { a: null, b, steps };
      if (da === db && parent(a) === parent(b))
        return a === b ? { a: null, b: null, steps } : { a, b, steps };
      const next = (n: number, dn: number, m: number, dm: number) => {
        if (dn > dm + 1 && skip(n) >= 0 && depth(skip(n)) > dm) return skip(n);
        if (dn === dm && skip(n) >= 0 && skip(m) >= 0 && skip(n) !== skip(m)) return skip(n);
        return dn >= dm ? parent(n) : n;
      };
      [a, b] = [next(a, da, b, db), next(b, db, a, da)];
      steps++;
    }
  }
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

describe("the walk to where two branches meet", () => {
  it("finds the children of the meeting point as a naive walk does, on random trees", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const pick = random(seed);
      const tree = new Tree();
      for (let i = 0; i < 2_000; i++) {
        const n = tree.parent.length;
        // Mostly a longer branch, sometimes a version anywhere, now and then a new first message.
        const p = n === 0 || pick(50) === 0 ? -1 : pick(4) === 0 ? pick(n) : n - 1;
        tree.add(p);
      }
      const n = tree.parent.length;
      for (let x = 0; x < n; x++)
        expect(tree.skip[x], `seed ${seed}, message ${x}`).toBe(
          tree.ancestorAt(x, skipDepth(tree.depth[x] ?? 1)),
        );
      for (let i = 0; i < 500; i++) {
        const [x, y] = [pick(n), pick(10) === 0 ? -1 : pick(n)];
        const { a, b } = tree.meeting(x, y);
        expect({ a, b }, `seed ${seed}: ${x} and ${y}`).toEqual(tree.naiveMeeting(x, y));
      }
    }
  });

  it("takes O(log distance) steps: at most 3 per halving on a branch of 100,000 messages", () => {
    const tree = new Tree();
    const main: number[] = [];
    for (let i = 0; i < 100_000; i++) main.push(tree.add(main.at(-1) ?? -1));
    const pick = random(7);
    let worst = 0;
    for (let i = 0; i < 2_000; i++) {
      // A version beside a random message, a few messages long, against the branch's end.
      const at = 1 + pick(99_999);
      let version = tree.add(main[at - 1] ?? -1);
      for (let k = pick(5); k > 0; k--) version = tree.add(version);
      const leaf = main.at(-1) ?? -1;
      const met = tree.meeting(leaf, version);
      expect(met.a).toBe(main[at]);
      worst = Math.max(worst, met.steps);
    }
    expect(worst).toBeLessThanOrEqual(3 * Math.ceil(Math.log2(100_000)));
    // Above every first message (a new first message): the branch is left at its first one.
    const top = tree.meeting(main.at(-1) ?? -1, -1);
    expect(top).toMatchObject({ a: main[0], b: null });
    expect(top.steps).toBeLessThanOrEqual(3 * Math.ceil(Math.log2(100_000)));
  });
});
