import type { ProtoTree } from '../../../native-bridge/dissect/index.js';

/**
 * The parent a node is shown under. dissectFrame hangs every protocol under the `frame` node;
 * like Wireshark, the tree shows the protocols as top-level siblings of Frame.
 */
export function displayParent(tree: ProtoTree, i: number): number {
  const p = tree.parents[i]!;
  return p >= 0 && tree.parents[p] === -1 && tree.fields[i]!.type === 'protocol' ? -1 : p;
}

// Filter aliases a decoder adds next to the real field (udp.port beside udp.srcport, ip.addr
// beside ip.src): Wireshark marks them hidden; they exist for filters, not for the tree.
const ALIASES = new Set(['port', 'addr', 'host']);

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** True when node i is a filter alias repeating an earlier sibling's bytes and value. */
export function isAlias(tree: ProtoTree, i: number): boolean {
  const abbrev = tree.fields[i]!.abbrev;
  if (!ALIASES.has(abbrev.slice(abbrev.lastIndexOf('.') + 1)) || tree.texts[i] !== undefined) return false;
  for (let j = i - 1; j >= 0; j--) {
    if (tree.parents[j] !== tree.parents[i]) continue;
    if (
      tree.sources[j] === tree.sources[i] &&
      tree.starts[j] === tree.starts[i] &&
      tree.lengths[j] === tree.lengths[i] &&
      sameValue(tree.values[j], tree.values[i])
    )
      return true;
  }
  return false;
}

/** Children of every node as shown (index -1 → the top level), in tree order; aliases left out. */
export function childrenOf(tree: ProtoTree): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < tree.size; i++) {
    if (isAlias(tree, i)) continue;
    const p = displayParent(tree, i);
    let list = out.get(p);
    if (list === undefined) {
      list = [];
      out.set(p, list);
    }
    list.push(i);
  }
  return out;
}

/** The node and its ancestors as shown, the node first. */
export function ancestry(tree: ProtoTree, node: number): number[] {
  const out: number[] = [];
  for (let i = node; i >= 0; i = displayParent(tree, i)) out.push(i);
  return out;
}

/**
 * The innermost node whose bytes cover `offset` of data source `source` (0 = the frame): the
 * shortest range, and among equal ones the first in tree order (a field before the bits that
 * share its bytes, as Wireshark selects Flags, not its last flag). Zero-length nodes cover
 * nothing. Undefined when no node covers the byte.
 */
export function nodeAt(tree: ProtoTree, source: number, offset: number): number | undefined {
  let best: number | undefined;
  let bestLen = Infinity;
  for (let i = 0; i < tree.size; i++) {
    if (tree.sources[i] !== source || isAlias(tree, i)) continue;
    const start = tree.starts[i]!;
    const len = tree.lengths[i]!;
    if (len === 0 || offset < start || offset >= start + len) continue;
    if (len < bestLen) {
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
