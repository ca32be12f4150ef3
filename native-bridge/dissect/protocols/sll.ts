import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { etherString, ipv4String } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { callEthertype } from './eth.js';

/**
 * Linux "cooked" capture: the header libpcap writes for the `any` device, v1 and v2, which
 * TShark decodes under the one protocol name `sll` with the same fields.
 */
const SLL = fieldTable.register('sll', 'Linux cooked capture', [
  {
    abbrev: 'sll.pkttype',
    name: 'Packet type',
    type: 'uint',
    bits: 16,
    strings: { 0: 'Unicast to us', 1: 'Broadcast', 2: 'Multicast', 3: 'Unicast to another host', 4: 'Sent by us' },
  },
  { abbrev: 'sll.hatype', name: 'Link-layer address type', type: 'uint', bits: 16 },
  { abbrev: 'sll.halen', name: 'Link-layer address length', type: 'uint', bits: 16 },
  { abbrev: 'sll.src.eth', name: 'Source', type: 'ether' },
  { abbrev: 'sll.src.ipv4', name: 'Source', type: 'ipv4' },
  { abbrev: 'sll.src.other', name: 'Source', type: 'bytes' },
  { abbrev: 'sll.unused', name: 'Unused', type: 'bytes' },
  { abbrev: 'sll.ltype', name: 'Protocol', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'sll.gretype', name: 'Protocol', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'sll.etype', name: 'Protocol', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'sll.ifindex', name: 'Interface index', type: 'uint', bits: 32 },
]);

const ARPHRD_IPGRE = 778;
const LINUX_SLL_P_802_2 = 0x0004;

/** The 8-byte address slot: `halen` bytes of address (shown by type), the rest unused. */
function sllAddress(tvb: Tvb, tree: ProtoTree, node: number, pinfo: PacketInfo, off: number, halen: number): void {
  const f = SLL.f;
  const len = Math.min(halen, 8);
  if (len === 6) {
    const a = tvb.view(off, 6);
    tree.add(node, f['src.eth'], tvb, off, 6, a);
    pinfo.src = etherString(a);
  } else if (len === 4) {
    const a = tvb.u32(off);
    tree.add(node, f['src.ipv4'], tvb, off, 4, a);
    pinfo.src = ipv4String(a);
  } else if (len > 0) {
    tree.add(node, f['src.other'], tvb, off, len, tvb.view(off, len));
  }
  if (len < 8) tree.add(node, f.unused, tvb, off + len, 8 - len, tvb.view(off + len, 8 - len));
}

/** Where SLL sends the payload: by link-layer type for GRE tunnels, Linux pseudo-protocols below 1536, else by EtherType. */
function sllPayload(
  hatype: number,
  proto: number,
  protoOff: number,
  tvb: Tvb,
  payload: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  node: number,
  parent: number,
): void {
  const f = SLL.f;
  if (hatype === ARPHRD_IPGRE) {
    // GRE's protocol numbers are EtherTypes, but TShark shows no `ethertype` step here.
    tree.add(node, f.gretype, tvb, protoOff, 2, proto);
    dispatchPayload({ table: 'ethertype', keys: [proto] }, payload, pinfo, tree, parent);
  } else if (proto <= 1536) {
    tree.add(node, f.ltype, tvb, protoOff, 2, proto);
    dispatchPayload(
      { table: proto === LINUX_SLL_P_802_2 ? 'llc' : 'sll.ltype', keys: [proto === LINUX_SLL_P_802_2 ? 0 : proto] },
      payload,
      pinfo,
      tree,
      parent,
    );
  } else {
    tree.add(node, f.etype, tvb, protoOff, 2, proto);
    callEthertype(proto, payload, pinfo, tree, parent);
  }
}

type HeaderField = 'ifindex' | 'hatype' | 'pkttype' | 'halen';

/**
 * A version of the header: its length, the offsets of the address slot and the protocol, and
 * the fields before the slot in header order, each as [offset, size].
 */
interface SllVersion {
  readonly version: 1 | 2;
  readonly length: number;
  readonly address: number;
  readonly protocol: number;
  readonly fields: Readonly<Partial<Record<HeaderField, readonly [number, 1 | 2 | 4]>>>;
}

/** By link type: v1 (LINKTYPE_LINUX_SLL) and v2 (LINKTYPE_LINUX_SLL2: the protocol first, an interface index added). */
const VERSIONS: Readonly<Record<number, SllVersion>> = {
  113: { version: 1, length: 16, address: 6, protocol: 14, fields: { pkttype: [0, 2], hatype: [2, 2], halen: [4, 2] } },
  276: { version: 2, length: 20, address: 12, protocol: 0, fields: { ifindex: [4, 4], hatype: [8, 2], pkttype: [10, 1], halen: [11, 1] } },
};

function read(tvb: Tvb, off: number, size: 1 | 2 | 4): number {
  return size === 1 ? tvb.u8(off) : size === 2 ? tvb.u16(off) : tvb.u32(off);
}

/**
 * Either version. Its fields are all read before any is shown (a header cut short among them
 * shows none); the protocol, shown last with the payload, is read in header order: first (v2)
 * or after the address (v1).
 */
function sllDissector(v: SllVersion): Dissector {
  const protocolFirst = v.protocol < v.address;
  const fields = Object.entries(v.fields) as [HeaderField, readonly [number, 1 | 2 | 4]][];
  return {
    name: 'sll',
    dissect(tvb, pinfo, tree, parent) {
      const node = beginProtocol(SLL, tvb, pinfo, tree, parent, v.length);
      tree.setText(node, `Linux cooked capture v${v.version}`);
      let proto = protocolFirst ? tvb.u16(v.protocol) : 0;
      const value: Record<HeaderField, number> = { ifindex: 0, hatype: 0, pkttype: 0, halen: 0 };
      for (const [field, [off, size]] of fields) value[field] = read(tvb, off, size);
      for (const [field, [off, size]] of fields) tree.add(node, SLL.f[field], tvb, off, size, value[field]);
      sllAddress(tvb, tree, node, pinfo, v.address, value.halen);
      if (!protocolFirst) proto = tvb.u16(v.protocol);
      sllPayload(value.hatype, proto, v.protocol, tvb, tvb.sub(v.length), pinfo, tree, node, parent);
    },
  };
}

for (const [linkType, v] of Object.entries(VERSIONS)) dissectorTable('link_type').add(Number(linkType), sllDissector(v));
