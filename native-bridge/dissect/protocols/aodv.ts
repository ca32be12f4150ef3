import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { type FieldInfo, fieldTable, textItem } from '../core/fields.js';
import { ipv4String, ipv6String } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Ad hoc On-Demand Distance Vector routing (RFC 3561, UDP 654), and the IPv6 messages of
 * draft-perkins-manet-aodv6-01, read as TShark reads them: each message's fields (addresses of
 * the packet's IP family), then a request's or reply's extensions while bytes are reported.
 * Info is the type's name and the summary Wireshark appends (`Route Reply, D: 10.0.0.1, O:
 * 10.0.0.2 Hcnt=1 DSN=2 Lifetime=3`). A type Wireshark does not know is not AODV.
 */
const RREQ = 1;
const RREP = 2;
const RERR = 3;
const V6_RREQ = 16;
const V6_RREP = 17;
const V6_RERR = 18;
const TYPES: Record<number, string> = {
  [RREQ]: 'Route Request',
  [RREP]: 'Route Reply',
  [RERR]: 'Route Error',
  4: 'Route Reply Acknowledgment',
  [V6_RREQ]: 'draft-perkins-manet-aodv6-01 IPv6 Route Request',
  [V6_RREP]: 'draft-perkins-manet-aodv6-01 IPv6 Route Reply',
  [V6_RERR]: 'draft-perkins-manet-aodv6-01 IPv6 Route Error',
  19: 'draft-perkins-manet-aodv6-01 IPv6 Route Reply Acknowledgment',
};
const P = fieldTable.register('aodv', 'Ad hoc On-demand Distance Vector Routing Protocol', [
  { abbrev: 'aodv.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'aodv.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'aodv.prefix_sz', name: 'Prefix Size', type: 'uint', bits: 8 },
  { abbrev: 'aodv.hopcount', name: 'Hop Count', type: 'uint', bits: 8 },
  { abbrev: 'aodv.rreq_id', name: 'RREQ Id', type: 'uint', bits: 32 },
  { abbrev: 'aodv.dest_ip', name: 'Destination IP', type: 'ipv4' },
  { abbrev: 'aodv.dest_ipv6', name: 'Destination IPv6', type: 'ipv6' },
  { abbrev: 'aodv.dest_seqno', name: 'Destination Sequence Number', type: 'uint', bits: 32 },
  { abbrev: 'aodv.orig_ip', name: 'Originator IP', type: 'ipv4' },
  { abbrev: 'aodv.orig_ipv6', name: 'Originator IPv6', type: 'ipv6' },
  { abbrev: 'aodv.orig_seqno', name: 'Originator Sequence Number', type: 'uint', bits: 32 },
  { abbrev: 'aodv.lifetime', name: 'Lifetime', type: 'uint', bits: 32 },
  { abbrev: 'aodv.destcount', name: 'Destination Count', type: 'uint', bits: 8 },
  { abbrev: 'aodv.unreach_dest_ip', name: 'Unreachable Destination IP', type: 'ipv4' },
  { abbrev: 'aodv.unreach_dest_ipv6', name: 'Unreachable Destination IPv6', type: 'ipv6' },
  { abbrev: 'aodv.ext_type', name: 'Extension Type', type: 'uint', bits: 8 },
  { abbrev: 'aodv.ext_length', name: 'Extension Length', type: 'uint', bits: 8 },
  { abbrev: 'aodv.hello_interval', name: 'Hello Interval', type: 'uint', bits: 32 },
  { abbrev: 'aodv.timestamp', name: 'Timestamp', type: 'bytes' },
]);
const f = P.f;
const HELLO_INTERVAL = 2;
const TIMESTAMP = 3;

/** An address of the packet's family at `off`: its field and Info text; returns its size. */
function address(
  tvb: Tvb,
  tree: ProtoTree,
  node: number,
  off: number,
  v6: boolean,
  v4Field: FieldInfo,
  v6Field: FieldInfo,
): [number, string] {
  if (v6) {
    const a = tvb.view(off, 16);
    tree.add(node, v6Field, tvb, off, 16, a);
    return [16, ipv6String(a)];
  }
  const a = tvb.u32(off);
  tree.add(node, v4Field, tvb, off, 4, a);
  return [4, ipv4String(a)];
}

/**
 * Extensions from `off` while bytes are reported: type and length, an item over both and the
 * value, a hello interval's 4 or a timestamp's 8 bytes. A zero length ends them (Wireshark's
 * "Invalid option length"), so each step moves forward.
 */
function extensions(tvb: Tvb, tree: ProtoTree, node: number, start: number): void {
  for (let off = start; tvb.reported > off; ) {
    const type = tvb.u8(off);
    const len = tvb.u8(off + 1);
    tvb.check(off, 2 + len);
    const ext = tree.add(node, textItem, tvb, off, 2 + len, undefined, 'Extensions');
    if (len === 0) return;
    tree.add(ext, f.ext_type, tvb, off, 1, type);
    tree.add(ext, f.ext_length, tvb, off + 1, 1, len);
    if (type === HELLO_INTERVAL) tree.add(ext, f.hello_interval, tvb, off + 2, 4, tvb.u32(off + 2));
    else if (type === TIMESTAMP) tree.add(ext, f.timestamp, tvb, off + 2, 8, tvb.view(off + 2, 8));
    off += 2 + len;
  }
}

/** A route request: RFC 3561's, or the draft's IPv6 one (sequence numbers before the addresses). */
function request(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, v6: boolean, draft: boolean): void {
  tree.add(node, f.flags, tvb, 1, 1, tvb.u8(1));
  const hops = tvb.u8(3);
  tree.add(node, f.hopcount, tvb, 3, 1, hops);
  const id = tvb.u32(4);
  tree.add(node, f.rreq_id, tvb, 4, 4, id);
  let off = 8;
  let dsn: number;
  let osn: number;
  if (draft) {
    dsn = tvb.u32(8);
    osn = tvb.u32(12);
    tree.add(node, f.dest_seqno, tvb, 8, 4, dsn);
    tree.add(node, f.orig_seqno, tvb, 12, 4, osn);
    const [, d] = address(tvb, tree, node, 16, true, f.dest_ip, f.dest_ipv6);
    pinfo.appendInfo(`, D: ${d}`, '');
    const [, o] = address(tvb, tree, node, 32, true, f.orig_ip, f.orig_ipv6);
    pinfo.appendInfo(`, O: ${o} Id=${id} Hcnt=${hops} DSN=${dsn} OSN=${osn}`, '');
    off = 48;
  } else {
    const [dl, d] = address(tvb, tree, node, off, v6, f.dest_ip, f.dest_ipv6);
    pinfo.appendInfo(`, D: ${d}`, '');
    off += dl;
    dsn = tvb.u32(off);
    tree.add(node, f.dest_seqno, tvb, off, 4, dsn);
    off += 4;
    const [ol, o] = address(tvb, tree, node, off, v6, f.orig_ip, f.orig_ipv6);
    pinfo.appendInfo(`, O: ${o}`, '');
    off += ol;
    osn = tvb.u32(off);
    tree.add(node, f.orig_seqno, tvb, off, 4, osn);
    pinfo.appendInfo(` Id=${id} Hcnt=${hops} DSN=${dsn} OSN=${osn}`, '');
    off += 4;
  }
  extensions(tvb, tree, node, off);
}

/** A route reply: RFC 3561's, or the draft's IPv6 one (sequence number before the addresses). */
function reply(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, v6: boolean, draft: boolean): void {
  tree.add(node, f.flags, tvb, 1, 1, tvb.u8(1));
  tree.add(node, f.prefix_sz, tvb, 2, 1, tvb.u8(2) & (draft ? 0x7f : 0x1f));
  const hops = tvb.u8(3);
  tree.add(node, f.hopcount, tvb, 3, 1, hops);
  let off = 4;
  let dsn = 0;
  if (draft) {
    dsn = tvb.u32(4);
    tree.add(node, f.dest_seqno, tvb, 4, 4, dsn);
    off = 8;
  }
  const [dl, d] = address(tvb, tree, node, off, v6 || draft, f.dest_ip, f.dest_ipv6);
  pinfo.appendInfo(`, D: ${d}`, '');
  off += dl;
  if (!draft) {
    dsn = tvb.u32(off);
    tree.add(node, f.dest_seqno, tvb, off, 4, dsn);
    off += 4;
  }
  const [ol, o] = address(tvb, tree, node, off, v6 || draft, f.orig_ip, f.orig_ipv6);
  pinfo.appendInfo(`, O: ${o}`, '');
  off += ol;
  const lifetime = tvb.u32(off);
  tree.add(node, f.lifetime, tvb, off, 4, lifetime);
  pinfo.appendInfo(` Hcnt=${hops} DSN=${dsn} Lifetime=${lifetime}`, '');
  extensions(tvb, tree, node, off + 4);
}

/** A route error: the unreachable destinations it counts, over one item first. */
function error(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, v6: boolean): void {
  tree.add(node, f.flags, tvb, 1, 1, tvb.u8(1));
  const count = tvb.u8(3);
  tree.add(node, f.destcount, tvb, 3, 1, count);
  pinfo.appendInfo(`, Dest Count=${count}`, '');
  const size = (v6 ? 16 : 4) + 4;
  tvb.check(4, size * count);
  const list = tree.add(node, textItem, tvb, 4, size * count, undefined, 'Unreachable Destinations');
  for (let i = 0, off = 4; i < count; i++, off += size) {
    address(tvb, tree, list, off, v6, f.unreach_dest_ip, f.unreach_dest_ipv6);
    tree.add(list, f.dest_seqno, tvb, off + size - 4, 4, tvb.u32(off + size - 4));
  }
}

const aodv: Dissector = {
  name: 'aodv',
  dissect(tvb, pinfo, tree, parent) {
    const type = tvb.u8(0);
    const name = TYPES[type];
    if (name === undefined) return false;
    pinfo.protocol = 'AODV';
    pinfo.setInfo(name);
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.type, tvb, 0, 1, type);
    const v6 = pinfo.netType === 'ipv6';
    if (type === RREQ || type === V6_RREQ) request(tvb, pinfo, tree, node, v6, type === V6_RREQ);
    else if (type === RREP || type === V6_RREP) reply(tvb, pinfo, tree, node, v6, type === V6_RREP);
    else if (type === RERR || type === V6_RERR) error(tvb, pinfo, tree, node, v6 || type === V6_RERR);
  },
};

dissectorTable('udp.port').add(654, aodv);
