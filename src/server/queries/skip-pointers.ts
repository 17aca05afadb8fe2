// Skip pointers: besides its parent, every message points to one further ancestor (its
// `skip_id`), at a depth that is a function of its own depth alone: Myers' skew-binary jump
// pointers ("An applicative random-access stack", 1983). With them, the ancestor of a message
// at any depth, and the point where two branches meet, take O(log distance) primary-key
// lookups instead of one per message (the walks are in chat-tree.ts), and a new message finds
// its own pointer with at most two lookups: its parent, or its parent's pointer's pointer.
//
// Bitcoin's skip list (CBlockIndex::pskip) has a closed-form height too, but a new block finds
// its pointer by a walk of O(log n) steps; here every plain message write sets one, so the
// constant-cost rule wins.
//
// Pure on purpose (no "server-only", no database): bench/seed.ts and the unit tests use it.

/**
 * The depth of the ancestor a message at `depth` (1 for a first message) points to: 0 when it
 * points above every first message (its skip_id is null). Writing `depth` as a sum of terms
 * 2^k - 1 (greedy, largest first: its skew-binary form), the pointer skips the smallest term.
 * The same as Myers' rule: jump(d) = jump(jump(d - 1)) when d - 1 - jump(d - 1) equals
 * jump(d - 1) - jump(jump(d - 1)), else d - 1 (the parent); jump(0) = 0.
 */
export function skipDepth(depth: number): number {
  if (!Number.isInteger(depth) || depth < 1 || depth > 2 ** 30)
    throw new RangeError(`not a message depth: ${depth}`);
  // With m = rest + 1, taking the largest 2^k - 1 off `rest` takes m's top bit off and adds 1;
  // the last term is reached when m is a power of two.
  let m = depth + 1;
  while ((m & (m - 1)) !== 0) m = m - 2 ** (31 - Math.clz32(m)) + 1;
  return depth - (m - 1);
}

/**
 * How many skip pointers lead from a message at depth `from` to its ancestor at depth `to`,
 * or null when that ancestor is not on its chain of skip pointers.
 */
export function skipHops(from: number, to: number): number | null {
  let hops = 0;
  let d = from;
  for (; d > to; d = skipDepth(d)) hops++;
  return d === to ? hops : null;
}

/**
 * SQL for a relation `(depth, skip_depth)` of every depth from 1 to `upTo` (an SQL integer
 * expression): skipDepth in SQL, for seeding linear data in bulk (bench/seed.ts, tests).
 * It counts in skew binary, one row per depth: the terms of the depth, smallest last.
 */
export const skipDepthsSql = (upTo: string) => `(with recursive skew(depth, terms) as (
    select 1, array[1]
    union all
    select depth + 1, case
      when cardinality(terms) > 1 and terms[cardinality(terms)] = terms[cardinality(terms) - 1]
        then terms[1:cardinality(terms) - 2] || (2 * terms[cardinality(terms)] + 1)
      else terms || 1 end
    from skew where depth < (${upTo}))
  select depth, depth - terms[cardinality(terms)] as skip_depth from skew)`;
