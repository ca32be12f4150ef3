import type { ProtoTree } from '../../../native-bridge/dissect/index.js';

/** Children of every node (index -1 → the roots), in tree order. */
export function childrenOf(tree: ProtoTree): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < tree.size; i++) {
    const p = tree.parents[i]!;
    let list = out.get(p);
    if (list === undefined) out.set(p, (list = []));
    list.push(i);
  }
  return out;
}

/** The node and its ancestors, the node first. */
export function ancestry(tree: ProtoTree, node: number): number[] {
  const out: number[] = [];
  for (let i = node; i >= 0; i = tree.parents[i]!) out.push(i);
  return out;
}

/**
 * The innermost node whose bytes cover `offset` of data source `source` (0 = the frame): the
 * shortest range, and among equal ones the deepest (added last). Zero-length nodes cover
 * nothing. Undefined when no node covers the byte.
 */
export function nodeAt(tree: ProtoTree, source: number, offset: number): number | undefined {
  let best: number | undefined;
  let bestLen = Infinity;
  for (let i = 0; i < tree.size; i++) {
    if (tree.sources[i] !== source) continue;
    const start = tree.starts[i]!;
    const len = tree.lengths[i]!;
    if (len === 0 || offset < start || offset >= start + len) continue;
    if (len <= bestLen) {
      best = i;
      bestLen = len;
    }
  }
  return best;
}

/** The bytes of data source `source` of a dissection (0 = the frame). */
export function sourceBytes(tree: ProtoTree, source: number): Uint8Array {
  return source === 0 ? tree.bytes : (tree.extraSources[source - 1]?.bytes ?? new Uint8Array(0));
}
