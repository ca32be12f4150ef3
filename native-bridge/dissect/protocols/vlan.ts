import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable, type ProtocolFields } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { callEthertype } from './eth.js';

/**
 * IEEE 802.1Q VLAN tags (TPID 0x8100, and the pre-standard QinQ 0x9100). A tag holds priority,
 * DEI and VLAN id, then the EtherType (or an 802.3 length) of what follows, which may be
 * another tag: stacks nest through the `ethertype` table, one tag per call.
 */
const P = fieldTable.register('vlan', '802.1Q Virtual LAN', [
  { abbrev: 'vlan.priority', name: 'Priority', type: 'uint', bits: 16 },
  { abbrev: 'vlan.dei', name: 'DEI', type: 'bool' },
  { abbrev: 'vlan.id', name: 'ID', type: 'uint', bits: 16 },
  { abbrev: 'vlan.etype', name: 'Type', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'vlan.len', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'vlan.trailer', name: 'Trailer', type: 'bytes' },
  { abbrev: 'vlan.too_many_tags', name: 'Too many nested VLAN tags', type: 'none' },
]);

/** Wireshark stops nesting after 20 tags; a crafted stack of tags must not recurse forever. */
const MAX_TAGS = 20;
const DEPTH_KEY = 'vlan.depth';

const PRIORITIES = [
  'Best Effort (default)',
  'Background',
  'Excellent Effort',
  'Critical Applications',
  'Video, < 100ms latency and jitter',
  'Voice, < 10ms latency and jitter',
  'Internetwork Control',
  'Network Control',
];

/** After the tag, an EtherType goes to the `ethertype` table, a length to `llc`. */
function dissectTagPayload(type: number, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, parent: number): void {
  const f = P.f;
  if (type <= 1500) {
    tree.add(node, f.len, tvb, 2, 2, type);
    const len = Math.min(type, tvb.length - 4);
    if (len < tvb.length - 4) tree.add(node, f.trailer, tvb, 4 + len, tvb.length - 4 - len, tvb.view(4 + len, tvb.length - 4 - len));
    dispatchPayload({ table: 'llc', keys: [0] }, tvb.sub(4, len), pinfo, tree, parent);
    return;
  }
  tree.add(node, P.f.etype, tvb, 2, 2, type);
  callEthertype(type, tvb.sub(4), pinfo, tree, parent);
}

/** Nesting depth of tags in this frame (kept in pinfo.data: no per-packet closure). */
function enterTag(pinfo: PacketInfo, tree: ProtoTree, node: number, tvb: Tvb): boolean {
  const depth = ((pinfo.data.get(DEPTH_KEY) as number | undefined) ?? 0) + 1;
  pinfo.data.set(DEPTH_KEY, depth);
  if (depth <= MAX_TAGS) return true;
  tree.add(node, P.f.too_many_tags, tvb, 0, 0);
  return false;
}

/**
 * One 4-byte tag under protocol `T`, shared with 802.1ad: the nesting limit, the TCI's fields
 * as `showTci` adds them, then the type (shown with the `vlan` fields, as Wireshark does) and
 * what follows.
 */
export function dissectTag(
  T: ProtocolFields,
  showTci: (tci: number, tvb: Tvb, tree: ProtoTree, node: number) => void,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
): void {
  const node = beginProtocol(T, tvb, pinfo, tree, parent, 4);
  if (!enterTag(pinfo, tree, node, tvb)) return;
  const tci = tvb.u16(0);
  const type = tvb.u16(2);
  showTci(tci, tvb, tree, node);
  dissectTagPayload(type, tvb, pinfo, tree, node, parent);
}

/** The customer tag's priority (named), DEI and VLAN id. */
function showTci(tci: number, tvb: Tvb, tree: ProtoTree, node: number): void {
  const pri = tci >>> 13;
  const dei = (tci & 0x1000) !== 0;
  const id = tci & 0x0fff;
  tree.setText(node, `802.1Q Virtual LAN, PRI: ${pri}, DEI: ${dei ? 1 : 0}, ID: ${id}`);
  tree.add(node, P.f.priority, tvb, 0, 2, pri, `Priority: ${PRIORITIES[pri]} (${pri})`);
  tree.add(node, P.f.dei, tvb, 0, 2, dei);
  tree.add(node, P.f.id, tvb, 0, 2, id);
}

const vlan: Dissector = {
  name: 'vlan',
  dissect(tvb, pinfo, tree, parent) {
    dissectTag(P, showTci, tvb, pinfo, tree, parent);
  },
};

const ethertype = dissectorTable('ethertype');
ethertype.add(0x8100, vlan);
ethertype.add(0x9100, vlan);
