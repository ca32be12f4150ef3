import { type Severity, SEVERITIES, expertByField, expertFields, severityOfNode } from './expert-info.js';
import { nodeLabel } from './render.js';
import type { ProtoTree } from './tree.js';

/** One node of a detail tree as Wireshark shows it: `parent` -1 for a top-level protocol, an index into the list otherwise. */
export interface ShownNode {
  parent: number;
  /** The field's filter name (`tcp.seq`). */
  abbrev: string;
  /** The text the tree shows (`Sequence Number: 94    (relative sequence number)`). */
  label: string;
  /** Byte range in data source `source` (0 = the frame, i = the tree's extraSources[i - 1]). */
  start: number;
  length: number;
  source: number;
  /**
   * A value the dissector computed, not bytes on the wire (`tcp.stream`, analysis, expert
   * items): the label is in brackets and the range is empty (it highlights no bytes).
   */
  generated?: true;
  /** An expert item, or a field that has one: the most severe one's severity (the tree's highlight). */
  expert?: Severity;
}

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

/** Whether node i holds a value the dissector computed (Wireshark's generated items, shown in brackets). */
export function isGenerated(tree: ProtoTree, i: number): boolean {
  const field = tree.fields[i]!;
  return field.generated === true || field === expertFields.proto || expertByField(field.id) !== undefined;
}

const moreSevere = (a: Severity | undefined, b: Severity): Severity =>
  a === undefined || SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a;

/**
 * A dissection's tree as shown: aliases and hidden fields left out, protocols at the top level,
 * each node's label rendered (generated ones in brackets, as `tshark -V` prints them), expert
 * items and the fields they are about marked with their severity. Nodes keep tree order, so a
 * parent comes before its children.
 */
export function shownTree(tree: ProtoTree): ShownNode[] {
  const at = new Int32Array(tree.size).fill(-1);
  const out: ShownNode[] = [];
  for (const i of shownIndexes(tree)) {
    const p = displayParent(tree, i);
    at[i] = out.length;
    const label = nodeLabel(tree, i);
    const generated = isGenerated(tree, i);
    const node: ShownNode = {
      parent: p < 0 ? -1 : at[p]!,
      abbrev: tree.fields[i]!.abbrev,
      label: generated && !label.startsWith('[') ? `[${label}]` : label,
      start: tree.starts[i]!,
      length: generated ? 0 : tree.lengths[i]!,
      source: tree.sources[i]!,
    };
    if (generated) node.generated = true;
    const severity = severityOfNode(tree, i);
    if (severity !== undefined) {
      node.expert = severity;
      if (node.parent >= 0) out[node.parent]!.expert = moreSevere(out[node.parent]!.expert, severity);
    }
    out.push(node);
  }
  return out;
}

/**
 * The tree's nodes the detail tree shows, as indexes into `tree`, in the order shownTree lists
 * them: hidden fields, filter aliases and everything under a node left out are not shown.
 * Whatever is said per shown node (the context menu's filters and values) walks this list.
 */
export function shownIndexes(tree: ProtoTree): number[] {
  const shown = new Uint8Array(tree.size);
  const out: number[] = [];
  for (let i = 0; i < tree.size; i++) {
    if (tree.fields[i]!.hidden === true || isAlias(tree, i)) continue;
    const p = displayParent(tree, i);
    if (p >= 0 && shown[p] === 0) continue; // under a node left out
    shown[i] = 1;
    out.push(i);
  }
  return out;
}
