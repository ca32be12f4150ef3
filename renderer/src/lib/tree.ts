import type { DetailNode } from '../../../native-bridge/protocol/index.js';
import type { Detail } from '../store/ui-store.js';

/** Children of every node as shown (index -1 → the top level), in tree order. */
export function childrenOf(nodes: readonly DetailNode[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  nodes.forEach((n, i) => {
    let list = out.get(n.parent);
    if (list === undefined) {
      list = [];
      out.set(n.parent, list);
    }
    list.push(i);
  });
  return out;
}

/** The node and its ancestors, the node first. */
export function ancestry(nodes: readonly DetailNode[], node: number): number[] {
  const out: number[] = [];
  for (let i = node; i >= 0; i = nodes[i]!.parent) out.push(i);
  return out;
}

/**
 * The innermost node whose bytes cover `offset` of data source `source` (0 = the frame): the
 * shortest range, and among equal ones the first in tree order (a field before the bits that
 * share its bytes, as Wireshark selects Flags, not its last flag). Zero-length nodes cover
 * nothing. Undefined when no node covers the byte.
 */
export function nodeAt(nodes: readonly DetailNode[], source: number, offset: number): number | undefined {
  let best: number | undefined;
  let bestLen = Number.POSITIVE_INFINITY;
  nodes.forEach((n, i) => {
    if (n.source !== source || n.length === 0 || offset < n.start || offset >= n.start + n.length) return;
    if (n.length < bestLen) {
      best = i;
      bestLen = n.length;
    }
  });
  return best;
}

/** The bytes of data source `source` of a packet (0 = the frame). */
export function sourceBytes(detail: Detail, source: number): Uint8Array {
  return detail.sources[source]?.bytes ?? new Uint8Array(0);
}
