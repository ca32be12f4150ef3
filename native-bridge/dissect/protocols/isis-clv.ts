import { type FieldInfo, textItem } from '../core/fields.js';
import { addItem, addText } from '../core/items.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * IS-IS TLVs (CLVs: code, length, value), walked as TShark 4.0's isis_dissect_clvs walks them:
 * over the PDU length the header announces less the header's own length (not what was
 * captured), each one a subtree of its code and length, whose bytes must have been captured.
 * A TLV that claims more than the PDU has left ends the walk quietly. The values themselves are
 * not decoded here: each PDU kind only names the TLVs TShark knows in it.
 */

/** TLV names (ISO 10589, RFC 1195, RFC 5305 and others), as TShark labels them. */
const NAMES: Readonly<Record<number, string>> = {
  1: 'Area address(es)',
  2: 'IS Reachability',
  5: 'Prefix neighbors',
  6: 'IS Neighbor(s)',
  7: 'Instance Identifier',
  8: 'Padding',
  9: 'LSP entries',
  10: 'Authentication',
  12: 'Checksum',
  14: 'LSP Buffer Size',
  16: 'Reverse Metric',
  22: 'Extended IS reachability',
  128: 'IP Internal reachability',
  129: 'Protocols supported',
  130: 'IP External reachability',
  131: 'Inter-Domain Information Type',
  132: 'IP Interface address(es)',
  133: 'IP Authentication',
  134: 'Traffic Engineering Router ID',
  135: 'Extended IP Reachability',
  137: 'Hostname',
  143: 'MT Port Capability',
  145: 'TRILL Neighbor',
  148: 'BFD Enabled',
  211: 'Restart Signaling',
  222: 'Multi Topology IS Reachability',
  229: 'Multi Topology',
  232: 'IPv6 Interface address(es)',
  233: 'IPv6 Global Interface Address',
  235: 'Multi Topology Reachable IPv4 Prefixes',
  236: 'IPv6 reachability',
  237: 'Multi Topology Reachable IPv6 Prefixes',
  240: 'Point-to-point Adjacency State',
  242: 'Router Capability',
};

/** The TLVs TShark decodes in each kind of PDU; the others it shows as `Unknown code`. */
export const KNOWN_CLVS = {
  l1Hello: new Set([1, 6, 7, 8, 129, 132, 232, 211, 10, 133, 143, 229, 145, 12, 233, 16, 148]),
  l2Hello: new Set([1, 6, 7, 8, 129, 132, 232, 10, 133, 211, 229, 12, 233, 148]),
  p2pHello: new Set([1, 7, 8, 129, 132, 232, 10, 133, 143, 211, 240, 229, 12, 233, 148]),
  lsp: new Set([1, 2, 5, 7, 10, 14, 22, 128, 129, 130, 131, 132, 133, 134, 135, 137, 222, 229, 232, 235, 236, 237, 242]),
  snp: new Set([7, 9, 10, 12, 133]),
} as const;

/** The fields a PDU kind registers for its TLVs' code and length (`isis.hello.clv.type`). */
export interface ClvFields {
  readonly type: FieldInfo;
  readonly length: FieldInfo;
}

/** Walks the TLVs from `off` over `len` bytes (the PDU length less the header length) under `parent`. */
export function walkClvs(
  tvb: Tvb,
  tree: ProtoTree,
  parent: number,
  off: number,
  len: number,
  known: ReadonlySet<number>,
  fields: ClvFields,
): void {
  while (len > 0) {
    const code = tvb.u8(off);
    off++;
    len--;
    if (len === 0) break;
    const length = tvb.u8(off);
    off++;
    len--;
    if (len === 0) break;
    if (len < length) {
      // TShark's "Short CLV header" note spans what was captured: it checks nothing.
      tree.add(parent, textItem, tvb, off, Math.max(0, tvb.length - off), undefined, `Short CLV header (${length} vs ${len})`);
      return;
    }
    const name = known.has(code) ? NAMES[code] : undefined;
    const label = name === undefined ? `Unknown code (t=${code}, l=${length})` : `${name} (t=${code}, l=${length})`;
    const clv = addText(tree, parent, tvb, off - 2, length + 2, label);
    addItem(tree, clv, fields.type, tvb, off - 2, 1);
    addItem(tree, clv, fields.length, tvb, off - 1, 1);
    off += length;
    len -= length;
  }
}
