import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { ipv6String } from '../core/format.js';
import { addItem as item, addText as text } from '../core/items.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Babel routing protocol (RFC 8966, UDP 6696): the header, the body's TLVs and those of the
 * packet trailer after it, each with what TShark 4.0 reads of it (nonces, intervals, addresses,
 * prefixes) and the sub-TLVs of hello, IHU and update messages. Info is Wireshark's: `Babel` and
 * the name of every TLV (`Babel hello ihu`). Where TShark marks a range that runs past the
 * packet (an IHU's receive timestamp spans the sub-TLV's length from its second half), so does
 * this: reads and checks follow TShark's.
 */
const TLVS: Record<number, string> = {
  0: 'pad1',
  1: 'padn',
  2: 'ack-req',
  3: 'ack',
  4: 'hello',
  5: 'ihu',
  6: 'router-id',
  7: 'nh',
  8: 'update',
  9: 'request',
  10: 'mh-request',
  11: 'ts/pc (obsolete)',
  12: 'hmac',
  13: 'source-specific-update',
  14: 'source-specific-req',
  15: 'source-specific-seqno',
  16: 'hmac',
  17: 'pc',
  18: 'challenge-request',
  19: 'challenge-reply',
};
const SUBTLVS: Record<number, string> = { 0: 'sub-pad1', 1: 'sub-padn', 2: 'diversity', 3: 'timestamp' };
const AES: Record<number, string> = { 0: 'Wildcard', 1: 'IPv4', 2: 'IPv6', 3: 'Link-Local IPv6' };
const P = fieldTable.register('babel', 'Babel Routing Protocol', [
  { abbrev: 'babel.magic', name: 'Magic', type: 'uint', bits: 8 },
  { abbrev: 'babel.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'babel.bodylen', name: 'Body Length', type: 'uint', bits: 16 },
  { abbrev: 'babel.message', name: 'Message', type: 'uint', bits: 8 },
  { abbrev: 'babel.message.type', name: 'Message Type', type: 'uint', bits: 8, strings: TLVS },
  { abbrev: 'babel.message.length', name: 'Message Length', type: 'uint', bits: 8 },
  { abbrev: 'babel.message.nonce', name: 'Nonce', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'babel.message.interval', name: 'Interval', type: 'uint', bits: 16 },
  { abbrev: 'babel.message.seqno', name: 'Seqno', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'babel.message.ae', name: 'Address Encoding', type: 'uint', bits: 8, strings: AES },
  { abbrev: 'babel.message.prefix', name: 'Raw Prefix', type: 'bytes' },
  { abbrev: 'babel.message.rxcost', name: 'Rxcost', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'babel.message.routerid', name: 'Router ID', type: 'bytes' },
  { abbrev: 'babel.message.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'babel.message.plen', name: 'Prefix Length', type: 'uint', bits: 8 },
  { abbrev: 'babel.message.omitted', name: 'Omitted Bytes', type: 'uint', bits: 8 },
  { abbrev: 'babel.message.metric', name: 'Metric', type: 'uint', bits: 16 },
  { abbrev: 'babel.message.hopcount', name: 'Hop Count', type: 'uint', bits: 8 },
  { abbrev: 'babel.message.index', name: 'Index', type: 'uint', bits: 32 },
  { abbrev: 'babel.subtlv', name: 'Sub-TLV', type: 'uint', bits: 8 },
  { abbrev: 'babel.subtlv.type', name: 'Sub-TLV Type', type: 'uint', bits: 8, strings: SUBTLVS },
  { abbrev: 'babel.subtlv.length', name: 'Sub-TLV Length', type: 'uint', bits: 8 },
  { abbrev: 'babel.subtlv.diversity.channel', name: 'Channel', type: 'uint', bits: 8 },
]);
const f = P.f;

const V4_MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * An address or prefix (RFC 8966 4.1.5) as TShark's network_prefix reads it into `out` (16
 * bytes, IPv4 as v4-mapped IPv6): returns how many bytes the message carries after what
 * `previous` (the last update's prefix of the family, if any) lets it omit, or -1 when the
 * encoding is unknown or the bytes do not fit in `len` (TShark then shows `corrupt`).
 */
function networkPrefix(
  tvb: Tvb,
  ae: number,
  plen: number,
  omitted: number,
  off: number,
  previous: Uint8Array | undefined,
  len: number,
  out: Uint8Array,
): number {
  const pb = plen >= 0 ? Math.trunc((plen + 7) / 8) : ae === 1 ? 4 : 16;
  if (pb > 16) return -1;
  // `len` is unsigned in TShark's arithmetic: a message too short for its fixed part has room for anything.
  const room = len < 0 ? len + 2 ** 32 : len;
  out.fill(0);
  switch (ae) {
    case 0:
      return 0;
    case 1:
      if (omitted > 4 || pb > 4 || (pb > omitted && room < pb - omitted)) return -1;
      out.set(V4_MAPPED);
      if (omitted > 0) {
        if (previous === undefined) return -1;
        out.set(previous.subarray(0, 12 + omitted));
      }
      if (pb > omitted) tvb.copyTo(off, pb - omitted, out, 12 + omitted);
      return pb > omitted ? pb - omitted : 0;
    case 2:
      if (omitted > 16 || (pb > omitted && room < pb - omitted)) return -1;
      if (omitted > 0) {
        if (previous === undefined) return -1;
        out.set(previous.subarray(0, omitted));
      }
      if (pb > omitted) tvb.copyTo(off, pb - omitted, out, omitted);
      return pb > omitted ? pb - omitted : 0;
    case 3:
      if (pb > 8 && room < pb - 8) return -1;
      out[0] = 0xfe;
      out[1] = 0x80;
      if (pb > 8) tvb.copyTo(off, pb - 8, out, 8);
      return pb > 8 ? pb - 8 : 0;
    default:
      return -1;
  }
}

/** An address as TShark's Babel shows it: IPv4 for a v4-mapped one, `corrupt` when unreadable. */
function addressText(rc: number, a: Uint8Array): string {
  if (rc < 0) return 'corrupt';
  for (let i = 0; i < 12; i++) if (a[i] !== V4_MAPPED[i]) return ipv6String(a);
  return `${a[12]}.${a[13]}.${a[14]}.${a[15]}`;
}

/** Sub-TLVs (RFC 8966 4.4) from `beg` to `end`, as TShark 4.0 reads them under message `type`. */
function subTlvs(tvb: Tvb, tree: ProtoTree, parent: number, type: number, beg: number, end: number): void {
  // TShark keeps these offsets in 16 bits.
  beg &= 0xffff;
  end &= 0xffff;
  while (beg < end) {
    const subtype = tvb.u8(beg);
    const sublen = subtype === 0 ? 0 : tvb.u8(beg + 1);
    const name = SUBTLVS[subtype] ?? 'unknown';
    const s = tree.add(parent, f.subtlv, tvb, beg, sublen + (subtype === 0 ? 1 : 2), subtype, `Sub TLV ${name} (${subtype})`);
    item(tree, s, f['subtlv.type'], tvb, beg, 1);
    if (subtype === 0) {
      beg += 1;
      continue;
    }
    item(tree, s, f['subtlv.length'], tvb, beg + 1, 1);
    if ((subtype & 0x80) !== 0) text(tree, s, tvb, beg + 2, sublen, 'Mandatory');
    if (subtype === 2) {
      const channels = text(tree, s, tvb, beg + 2, 0, 'Channel');
      for (let i = 0; i < sublen; i++) item(tree, channels, f['subtlv.diversity.channel'], tvb, beg + 2 + i, 1);
    } else if (subtype === 3) {
      if (type === 4) {
        const t1 = tvb.u32(beg + 2);
        text(tree, s, tvb, beg + 2, sublen, `Timestamp : ${timestamp(t1)}`);
      } else if (type === 5) {
        const t1 = tvb.u32(beg + 2);
        const t2 = tvb.u32(beg + 6);
        text(tree, s, tvb, beg + 2, sublen, `Timestamp origin : ${timestamp(t1)}`);
        // The receive half is marked with the whole sub-TLV's length, as TShark does.
        text(tree, s, tvb, beg + 6, sublen, `Timestamp receive: ${timestamp(t2)}`);
      } else text(tree, s, tvb, beg + 2, sublen, 'Bogus');
    }
    beg = (beg + sublen + 2) & 0xffff;
  }
}

function timestamp(us: number): string {
  return `${Math.trunc(us / 1_000_000)}.${String(us % 1_000_000).padStart(6, '0')}s`;
}

/** The last update's prefix of each family in this part of the packet: what a later update may omit (RFC 8966 4.6.9). */
interface Previous {
  v4: Uint8Array | undefined;
  v6: Uint8Array | undefined;
}

/** One TLV at `m`; returns its length. */
function message(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, m: number, prev: Previous): number {
  const type = tvb.u8(m);
  const len = type === 0 ? 0 : tvb.u8(m + 1);
  const name = TLVS[type] ?? 'unknown';
  pinfo.appendInfo(name);
  const node = tree.add(parent, f.message, tvb, m, type === 0 ? 1 : len + 2, type, `Message ${name} (${type})`);
  item(tree, node, f['message.type'], tvb, m, 1);
  if (type === 0) return 1;
  item(tree, node, f['message.length'], tvb, m + 1, 1);
  const a = new Uint8Array(16);
  switch (type) {
    case 2:
      item(tree, node, f['message.nonce'], tvb, m + 4, 2);
      item(tree, node, f['message.interval'], tvb, m + 6, 2);
      break;
    case 3:
      item(tree, node, f['message.nonce'], tvb, m + 2, 2);
      break;
    case 4:
      // TShark reads the unicast flag from the packet header's third byte.
      text(tree, node, tvb, m + 2, 2, `Unicast : ${tvb.u8(2)}`);
      item(tree, node, f['message.seqno'], tvb, m + 4, 2);
      item(tree, node, f['message.interval'], tvb, m + 6, 2);
      if (len > 6) subTlvs(tvb, tree, node, type, m + 8, m + 2 + len);
      break;
    case 5: {
      const rc = networkPrefix(tvb, tvb.u8(m + 2), -1, 0, m + 8, undefined, len - 6, a);
      item(tree, node, f['message.rxcost'], tvb, m + 4, 2);
      item(tree, node, f['message.interval'], tvb, m + 6, 2);
      const sub = text(tree, node, tvb, m + 4, len - 2, `Address: ${addressText(rc, a)}`);
      item(tree, sub, f['message.ae'], tvb, m + 2, 1);
      item(tree, sub, f['message.prefix'], tvb, m + 4, len - 2);
      if (rc < len - 6) subTlvs(tvb, tree, node, type, m + 8 + rc, m + 2 + len);
      break;
    }
    case 6:
      item(tree, node, f['message.routerid'], tvb, m + 4, 8);
      break;
    case 7: {
      const rc = networkPrefix(tvb, tvb.u8(m + 2), -1, 0, m + 4, undefined, len - 2, a);
      const sub = text(tree, node, tvb, m + 4, len - 2, `NH: ${addressText(rc, a)}`);
      item(tree, sub, f['message.ae'], tvb, m + 2, 1);
      item(tree, sub, f['message.prefix'], tvb, m + 4, len - 2);
      break;
    }
    case 8: {
      const ae = tvb.u8(m + 2);
      const flags = tvb.u8(m + 3);
      const plen = tvb.u8(m + 4);
      const rc = networkPrefix(tvb, ae, plen, tvb.u8(m + 5), m + 12, ae === 1 ? prev.v4 : prev.v6, len - 10, a);
      if (rc >= 0 && (flags & 0x80) !== 0) {
        if (ae === 1) prev.v4 = a;
        else prev.v6 = a;
      }
      item(tree, node, f['message.flags'], tvb, m + 3, 1);
      item(tree, node, f['message.interval'], tvb, m + 6, 2);
      item(tree, node, f['message.seqno'], tvb, m + 8, 2);
      item(tree, node, f['message.metric'], tvb, m + 10, 2);
      const sub = text(tree, node, tvb, m + 12, len - 10, `Prefix: ${addressText(rc, a)}/${plen}`);
      item(tree, sub, f['message.ae'], tvb, m + 2, 1);
      item(tree, sub, f['message.plen'], tvb, m + 4, 1);
      item(tree, sub, f['message.omitted'], tvb, m + 5, 1);
      item(tree, sub, f['message.prefix'], tvb, m + 12, len - 10);
      // TShark compares the consumed count as an unsigned byte (-1 reads as 255).
      if ((rc & 0xff) < len - 10) subTlvs(tvb, tree, node, type, m + 12 + rc, m + 2 + len);
      break;
    }
    case 9: {
      const plen = tvb.u8(m + 3);
      const rc = networkPrefix(tvb, tvb.u8(m + 2), plen, 0, m + 4, undefined, len - 2, a);
      const sub = text(tree, node, tvb, m + 4, len - 2, `Prefix: ${addressText(rc, a)}/${plen}`);
      item(tree, sub, f['message.ae'], tvb, m + 2, 1);
      item(tree, sub, f['message.plen'], tvb, m + 3, 1);
      item(tree, sub, f['message.prefix'], tvb, m + 4, len - 2);
      break;
    }
    case 10: {
      const plen = tvb.u8(m + 3);
      const rc = networkPrefix(tvb, tvb.u8(m + 2), plen, 0, m + 16, undefined, len - 14, a);
      item(tree, node, f['message.seqno'], tvb, m + 4, 2);
      item(tree, node, f['message.hopcount'], tvb, m + 6, 1);
      item(tree, node, f['message.routerid'], tvb, m + 8, 8);
      const sub = text(tree, node, tvb, m + 16, len - 14, `Prefix: ${addressText(rc, a)}/${plen}`);
      item(tree, sub, f['message.ae'], tvb, m + 2, 1);
      item(tree, sub, f['message.plen'], tvb, m + 3, 1);
      item(tree, sub, f['message.prefix'], tvb, m + 16, len - 14);
      break;
    }
    case 17:
      item(tree, node, f['message.index'], tvb, m + 2, 4);
      break;
  }
  return len + 2;
}

const babel: Dissector = {
  name: 'babel',
  dissect(tvb, pinfo, tree, parent) {
    if (tvb.length < 4 || tvb.u8(0) !== 42) return false;
    pinfo.protocol = 'Babel';
    pinfo.setInfo('Babel');
    const version = tvb.u8(1);
    if (version !== 2) {
      // TShark adds no tree for another version: the protocol is on the stack only.
      pinfo.protocols.push(P.proto.abbrev);
      pinfo.setInfo(`Version ${version}`);
      return;
    }
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.magic, tvb, 0, 1, tvb.u8(0));
    tree.add(node, f.version, tvb, 1, 1, version);
    const bodylen = tvb.u16(2);
    tree.add(node, f.bodylen, tvb, 2, 2, bodylen);
    let i = 0;
    const prev: Previous = { v4: undefined, v6: undefined };
    while (i < bodylen) i += message(tvb, pinfo, tree, node, 4 + i, prev);
    // The packet trailer (RFC 8966 4.2) carries more TLVs; TShark keeps its length in a byte.
    const trailer = (tvb.reported - bodylen - 4) & 0xff;
    if (trailer === 0) return;
    const t = text(tree, node, tvb, 4 + bodylen, trailer, `Packet Trailer (${trailer})`);
    const trailerPrev: Previous = { v4: undefined, v6: undefined };
    i = bodylen;
    while (i - bodylen < trailer) i += message(tvb, pinfo, tree, t, 4 + i, trailerPrev);
  },
};

dissectorTable('udp.port').add(6696, babel);
