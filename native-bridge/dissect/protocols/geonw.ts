import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { addExpert } from '../core/expert-info.js';
import type { FieldInfo } from '../core/fields.js';
import { macText } from '../core/format.js';
import { addItem } from '../core/items.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { setActualLength } from './eth.js';
import { type LsMatch, NO_SEQUENCE, isDuplicate, lsReply, lsRequest } from './geonw-analysis.js';
import { BEACON, EI, GAC, GBC, GNW, GUC, HEADER_TYPES, LS, LS_REPLY, LS_REQUEST, SHB, TSB } from './geonw-fields.js';

/**
 * GeoNetworking (ETSI EN 302 636-4-1, EtherType 0x8947) as TShark 4.0 reads it: the Basic
 * Header; after it, when its next header says so, the Common Header (Info: the header type's
 * name, `Unknown (29)` for others) and the extended header of the beacon, GeoUnicast,
 * GeoAnycast/GeoBroadcast, topologically-scoped and single-hop broadcast, and Location Service
 * request and reply types; then the payload (BTP-A, BTP-B, IPv6, else data) of the length the
 * Common Header gives. The Source column becomes the source's GN_ADDR (`0.16.617.68:be:f7:d0:8f:10`).
 * Version 0 packets go through Annex A's duplicate detection (`[Duplicate packet]`).
 *
 * Not decoded: secured packets (Basic Header next header 2), which TShark reads as ETSI TS 103 097
 * security headers; this stops after the Basic Header.
 */

/** The header types whose extended header starts with a sequence number (exact type and subtype). */
const WITH_SEQUENCE = new Set([GUC, GAC, GAC | 1, GAC | 2, GBC, GBC | 1, GBC | 2, TSB | 1, LS_REQUEST, LS_REPLY]);
/** The area types (GeoAnycast, GeoBroadcast: circle, rectangle, ellipse). */
const AREAS = new Set([GAC, GAC | 1, GAC | 2, GBC, GBC | 1, GBC | 2]);

const BH_LEN = 4;
const CH_LEN = 8;
const NH_COMMON = 1;
const NH_IPV6 = 3;
const ETHERTYPE_IPV6 = 0x86dd;
/** The Basic and Common Headers and the extended header of each type: TShark's length of the whole header. */
const EXTENDED_LEN: Record<number, number> = { [BEACON]: 24, [GUC]: 48, [GAC]: 44, [GBC]: 44, [TSB]: 28, [LS]: 36 };

const f = GNW.f;

const i32 = (tvb: Tvb, o: number): number => tvb.u32(o) | 0;
/** A float's `%f`, as TShark prints its out-of-range values (computed in single precision). */
const floatText = (v: number): string => Math.fround(v).toFixed(6);

/** A latitude or longitude in 1/10 micro-degrees as TShark shows it: `5d39'38.15"N (56605966)`. */
function degreesText(v: number, pos: string, neg: string): string {
  const deg = Math.trunc(Math.abs(v) / 10_000_000);
  const min = Math.trunc((Math.abs(v % 10_000_000) * 6) / 1_000_000);
  // TShark multiplies in a C int, which wraps.
  const sec = (Math.abs(Math.imul(v, 6) % 1_000_000) * 6) / 100_000;
  return `${deg}d${min}'${sec.toFixed(2)}"${v >= 0 ? pos : neg} (${v})`;
}

/** A GN_ADDR as TShark's address type prints it: manual, station type, country code, MID. */
function addressText(tvb: Tvb, o: number): string {
  const b0 = tvb.u8(o);
  const country = ((b0 & 0x03) << 8) | tvb.u8(o + 1);
  return `${b0 >> 7}.${(b0 & 0x7c) >> 2}.${country}.${macText(tvb.u16(o + 2), tvb.u32(o + 4))}`;
}

type AddrKeys<Pre extends string> = `${Pre}.addr` | `${Pre}.addr.manual` | `${Pre}.addr.type` | `${Pre}.addr.country` | `${Pre}.addr.mid`;

/** A GN_ADDR (8 bytes at `o`) under `parent` with its parts; returns its text. */
function address<Pre extends 'src_pos' | 'dst_pos' | 'ls_req'>(
  tree: ProtoTree,
  parent: number,
  tvb: Tvb,
  o: number,
  pre: Pre,
  fields: { readonly [K in AddrKeys<Pre>]: FieldInfo },
): string {
  const node = addItem(tree, parent, fields[`${pre}.addr`], tvb, o, 8);
  const text = addressText(tvb, o);
  const b0 = tvb.u8(o);
  tree.add(node, fields[`${pre}.addr.manual`], tvb, o, 1, b0 >> 7);
  tree.add(node, fields[`${pre}.addr.type`], tvb, o, 1, (b0 & 0x7c) >> 2);
  const country = tvb.u16(o) & 0x3ff;
  const cc = tree.add(node, fields[`${pre}.addr.country`], tvb, o, 2, country);
  if (country > 999) addExpert(tree, cc, tvb, EI.scc_too_big);
  const mid = fields[`${pre}.addr.mid`];
  if (tree.wants(mid)) tree.add(node, mid, tvb, o + 2, 6, tvb.view(o + 2, 6));
  return text;
}

/** A latitude and longitude at `o` with TShark's range checks. */
function position(tree: ProtoTree, parent: number, tvb: Tvb, o: number, lat: FieldInfo, lon: FieldInfo): void {
  const la = i32(tvb, o);
  const n1 = tree.add(parent, lat, tvb, o, 4, la, tree.building ? `Latitude: ${degreesText(la, 'N', 'S')}` : undefined);
  if (la < -900_000_000 || la > 900_000_000) addExpert(tree, n1, tvb, EI.position_oor, `Latitude out of range (${floatText(la / 1e7)})`);
  const lo = i32(tvb, o + 4);
  const n2 = tree.add(parent, lon, tvb, o + 4, 4, lo, tree.building ? `Longitude: ${degreesText(lo, 'E', 'W')}` : undefined);
  if (lo < -1_800_000_000 || lo > 1_800_000_000)
    addExpert(tree, n2, tvb, EI.position_oor, `Longitude out of range (${floatText(lo / 1e7)})`);
}

/** A reserved field that should be zero. */
function reserved(tree: ProtoTree, parent: number, field: FieldInfo, tvb: Tvb, o: number, length: number, value: number): void {
  const node = tree.add(parent, field, tvb, o, length, value);
  if (value !== 0) addExpert(tree, node, tvb, EI.reserved_not_zero);
}

/**
 * TShark 4.0's test for stopping after the Common Header: its IS_HT_KNOWN macro lacks outer
 * parentheses, so `!IS_HT_KNOWN(ht)` negates only its first term. Header types up to 0x61 never
 * stop here; others stop or not by subtype, and those of no known type end at the type switch.
 */
function stopsAfterCommonHeader(ht: number): boolean {
  const type = ht & 0xf0;
  const sub = ht & 0x0f;
  return ht > 0x61 && sub < 3 && (sub === 0 || (type > 0x30 && (sub === 1 || (sub === 2 && type < 0x43))));
}

const EXTENDED: Record<number, FieldInfo> = { [BEACON]: f.beacon, [GUC]: f.guc, [GAC]: f.gac, [GBC]: f.gbc, [TSB]: f.tsb, [LS]: f.ls };

const gnw: Dissector = {
  name: 'gnw',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'GEONW';
    pinfo.setInfo('');
    // TShark reads the next header, and for a Common Header its type, before it adds its node.
    const common = tvb.length > 0 && (tvb.u8(0) & 0x0f) === NH_COMMON;
    let hdrLen = BH_LEN;
    if (common && tvb.length >= BH_LEN + 2) {
      const ext = EXTENDED_LEN[tvb.u8(BH_LEN + 1) & 0xf0];
      hdrLen = ext === undefined ? -1 : BH_LEN + CH_LEN + ext + (tvb.u8(BH_LEN + 1) === LS_REPLY ? 12 : 0);
    }
    const node = beginProtocol(GNW, tvb, pinfo, tree, parent, hdrLen < 0 ? tvb.length : hdrLen, common ? BH_LEN + 2 : 1);
    const bh = addItem(tree, node, f.bh, tvb, 0, BH_LEN);
    const b0 = tvb.u8(0);
    const version = b0 >> 4;
    const ver = tree.add(bh, f['bh.version'], tvb, 0, 1, version);
    if (version > 1) {
      pinfo.setInfo(`Bogus GeoNetworking version (${version}, must be less than 2)`);
      addExpert(tree, ver, tvb, EI.bogus_version, 'Bogus GeoNetworking version');
      return;
    }
    const nh = b0 & 0x0f;
    tree.add(bh, f['bh.nh'], tvb, 0, 1, nh);
    reserved(tree, bh, f['bh.reserved'], tvb, 1, 1, tvb.u8(1));
    const lt = tvb.u8(2);
    const ltNode = tree.add(bh, f['bh.lt'], tvb, 2, 1, lt);
    tree.add(ltNode, f['bh.lt.mult'], tvb, 2, 1, lt >> 2);
    tree.add(ltNode, f['bh.lt.base'], tvb, 2, 1, lt & 0x03);
    const rhl = tvb.u8(3);
    const rhlNode = tree.add(bh, f['bh.rhl'], tvb, 3, 1, rhl);
    hopLimitNotes(tvb, tree, rhlNode, rhl, nh);
    if (nh === NH_COMMON) commonHeader(tvb, pinfo, tree, parent, node, version === 0, hdrLen);
  },
};

/**
 * TShark's notes on the Remaining Hop Limit: low for the next header or the header type, more
 * than the Common Header's maximum. It adds the last two when it reads those fields; they are
 * decided here, from the bytes TShark will have read by then, so they come in its tree order.
 */
function hopLimitNotes(tvb: Tvb, tree: ProtoTree, rhlNode: number, rhl: number, nh: number): void {
  if (nh !== NH_COMMON) {
    if (rhl < 5) addExpert(tree, rhlNode, tvb, EI['rhl.too_small'], `"Remain Hop Limit" only ${rhl}`);
    return;
  }
  const ht = tvb.u8(BH_LEN + 1); // read before the node was added
  if (ht === BEACON || ht === SHB) {
    if (rhl > 1) addExpert(tree, rhlNode, tvb, EI['rhl.lncb'], `"Remain Hop Limit" != 1 for BEACON or SHB (${rhl})`);
  } else if (rhl < 5) addExpert(tree, rhlNode, tvb, EI['rhl.too_small'], `"Remain Hop Limit" only ${rhl}`);
  // The maximum is read only when the fields before it were there.
  if (tvb.length > BH_LEN + 6 && tvb.u8(BH_LEN + 6) < rhl)
    addExpert(tree, rhlNode, tvb, EI['rhl.ht_mhl'], `Ignored: "Remain Hop Limit" > ${tvb.u8(BH_LEN + 6)} (mhl)`);
}

/** The Common Header at offset 4, then the extended header and the payload. */
function commonHeader(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, node: number, v0: boolean, hdrLen: number): void {
  const ch = addItem(tree, node, f.ch, tvb, 4, CH_LEN);
  const nh = tvb.u8(4) >> 4;
  tree.add(ch, f['ch.nh'], tvb, 4, 1, nh);
  reserved(tree, ch, f['ch.reserved1'], tvb, 4, 1, tvb.u8(4) & 0x0f);
  const ht = tvb.u8(5);
  const name = HEADER_TYPES[ht];
  tree.add(
    ch,
    f['ch.htype'],
    tvb,
    5,
    1,
    ht,
    name === undefined && tree.building ? `Header type: Unknown (0x${ht.toString(16).padStart(2, '0')})` : undefined,
  );
  pinfo.setInfo(name ?? `Unknown (${ht})`);
  const tc = tvb.u8(6);
  const tcNode = tree.add(ch, f['ch.tclass'], tvb, 6, 1, tc);
  tree.add(tcNode, f['ch.tc.buffer'], tvb, 6, 1, tc >> 7);
  tree.add(tcNode, f['ch.tc.offload'], tvb, 6, 1, (tc >> 6) & 1);
  tree.add(tcNode, f['ch.tc.id'], tvb, 6, 1, tc & 0x3f);
  const flags = addItem(tree, ch, f['ch.flags'], tvb, 7, 1);
  const fl = tvb.u8(7);
  tree.add(flags, f['ch.flags.mob'], tvb, 7, 1, fl >> 7);
  reserved(tree, flags, f['ch.flags.reserved'], tvb, 7, 1, fl & 0x7f);
  const pl = tvb.u16(8);
  const plNode = tree.add(ch, f['ch.plength'], tvb, 8, 2, pl);
  if (hdrLen > 0) {
    if (pl === 0) setActualLength(pinfo, tvb, hdrLen);
    else if ((ht & 0xf0) === LS || ht === BEACON) addExpert(tree, plNode, tvb, EI.reserved_not_zero);
    else if (pl + hdrLen > tvb.reported) addExpert(tree, plNode, tvb, EI.bogus_geonw_length);
    else setActualLength(pinfo, tvb, hdrLen + pl);
  }
  tree.add(ch, f['ch.mhl'], tvb, 10, 1, tvb.u8(10));
  reserved(tree, ch, f['ch.reserved2'], tvb, 11, 1, tvb.u8(11));
  let off = BH_LEN + CH_LEN;
  if (stopsAfterCommonHeader(ht)) {
    tree.setLength(node, off);
    return;
  }
  // Another type ends here too, its node left over the rest of the bytes.
  const extField = EXTENDED[ht & 0xf0];
  if (extField === undefined) return;
  const ext = extendedHeader(tvb, pinfo, tree, addItem(tree, node, extField, tvb, off, hdrLen - off), ht, v0);
  // What the analysis found goes under the protocol's node, after the extended header.
  if (ext.duplicate) {
    const flags = tree.add(node, f['analysis.flags'], tvb, 0, 0);
    addExpert(tree, flags, tvb, EI.analysis_duplicate);
    pinfo.prependInfoFenced('[Duplicate packet] ');
  }
  const m = ext.reply;
  if (m !== undefined && m.request > 0) {
    tree.add(node, f.resp_to, tvb, 0, 0, m.request);
    tree.add(node, f.resptime, tvb, 0, 0, m.ms, tree.building ? `Response time: ${m.ms.toFixed(3)} ms` : undefined);
    pinfo.appendInfo(`(request in ${m.request})`);
  }
  off = ext.end;
  tree.setLength(node, off);
  if (pl === 0) return;
  const payload = tvb.pdu(off, pl, false);
  // IPv6 is IPv6 by its EtherType; BTP-A and BTP-B registered themselves under their numbers.
  if (nh === NH_IPV6) dispatchPayload({ table: 'ethertype', keys: [ETHERTYPE_IPV6] }, payload, pinfo, tree, parent);
  else dispatchPayload({ table: 'geonw.ch.nh', keys: [nh] }, payload, pinfo, tree, parent);
}

/** What the extended header held besides its fields. */
interface Extended {
  /** Where it ends. */
  end: number;
  /** A duplicate of a packet seen before (version 0 only). */
  duplicate: boolean;
  /** An LS reply's request. */
  reply?: LsMatch;
}

/** The extended header of type `ht` from offset 12 under `ext`. */
function extendedHeader(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, ext: number, ht: number, v0: boolean): Extended {
  let off = BH_LEN + CH_LEN;
  let sn = NO_SEQUENCE;
  if (WITH_SEQUENCE.has(ht)) {
    sn = tvb.u16(off);
    tree.add(ext, f.seq_num, tvb, off, 2, sn);
    reserved(tree, ext, f.reserved, tvb, off + 2, 2, tvb.u16(off + 2));
    off += 4;
  }
  // The source position vector, which every type has.
  const so = addItem(tree, ext, f.src_pos, tvb, off, 24);
  const src = address(tree, so, tvb, off, 'src_pos', f);
  pinfo.src = src;
  const tst = tvb.u32(off + 8);
  tree.add(so, f['src_pos.tst'], tvb, off + 8, 4, tst, tree.building ? `Timestamp: ${tst}ms` : undefined);
  const duplicate = v0 && isDuplicate(pinfo, src, sn, tst);
  position(tree, so, tvb, off + 12, f['src_pos.lat'], f['src_pos.long']);
  const sp = tvb.u16(off + 20);
  tree.add(so, f['src_pos.pai'], tvb, off + 20, 1, sp >> 15);
  const speed = sp & 0x4000 ? (sp & 0x7fff) - 0x8000 : sp & 0x7fff;
  tree.add(so, f['src_pos.speed'], tvb, off + 20, 2, speed, tree.building ? `Speed: ${(speed / 100).toFixed(2)} m/s` : undefined);
  const hdg = tvb.u16(off + 22);
  const hd = tree.add(so, f['src_pos.hdg'], tvb, off + 22, 2, hdg, tree.building ? `Heading: ${(hdg / 10).toFixed(1)} degrees` : undefined);
  if (hdg > 3600) addExpert(tree, hd, tvb, EI.position_oor, `Out of range [0..360] (${floatText(hdg / 10)})`);
  off += 24;
  if (ht === GUC || ht === LS_REPLY) {
    const de = addItem(tree, ext, f.dst_pos, tvb, off, 20);
    const dst = addressText(tvb, off);
    pinfo.dst = dst;
    // The reply is matched once its destination is read, before the rest of it.
    const reply = ht === LS_REPLY ? lsReply(pinfo, src, dst) : undefined;
    address(tree, de, tvb, off, 'dst_pos', f);
    const dt = tvb.u32(off + 8);
    tree.add(de, f['dst_pos.tst'], tvb, off + 8, 4, dt, tree.building ? `Timestamp: ${dt}ms` : undefined);
    position(tree, de, tvb, off + 12, f['dst_pos.lat'], f['dst_pos.long']);
    return { end: off + 20, duplicate, reply };
  }
  if (ht === SHB) return { end: singleHop(tvb, tree, ext, off), duplicate };
  if (AREAS.has(ht)) return { end: area(tvb, tree, ext, off, ht & 0x0f), duplicate };
  if (ht === LS_REQUEST) {
    const dst = address(tree, ext, tvb, off, 'ls_req', f);
    pinfo.dst = dst;
    lsRequest(pinfo, src, dst);
    return { end: off + 8, duplicate };
  }
  return { end: off, duplicate };
}

/** A single-hop broadcast's 32 reserved bits: when not zero, ITS-G5's DCC multi-channel operation fields. */
function singleHop(tvb: Tvb, tree: ProtoTree, ext: number, off: number): number {
  const word = tvb.u32(off);
  if (word === 0) {
    tree.add(ext, f['shb.reserved'], tvb, off, 4, 0);
    return off + 4;
  }
  const dcc = addItem(tree, ext, f.dccmco, tvb, off, 4);
  tree.add(dcc, f.cbr_l0hop, tvb, off, 1, tvb.u8(off) >> 7);
  tree.add(dcc, f.cbr_l1hop, tvb, off + 1, 1, tvb.u8(off + 1) >> 7);
  const power = tvb.u8(off + 2);
  tree.add(dcc, f.outpower, tvb, off + 2, 1, power >> 3, tree.building ? `Output power: ${power >> 3}dBm` : undefined);
  tree.add(dcc, f['dccmco.reserved'], tvb, off + 2, 1, power & 0x07);
  tree.add(dcc, f['shb.reserved'], tvb, off + 3, 1, tvb.u8(off + 3));
  return off + 4;
}

/** A GeoAnycast or GeoBroadcast area (`shape` 0 circle, 1 rectangle, 2 ellipse). */
function area(tvb: Tvb, tree: ProtoTree, ext: number, off: number, shape: number): number {
  position(tree, ext, tvb, off, f['gxc.latitude'], f['gxc.longitude']);
  const a = tvb.u16(off + 8);
  const b = tvb.u16(off + 10);
  const angle = tvb.u16(off + 12);
  const meters = (n: string, v: number): string | undefined => (tree.building ? `${n}: ${v}m` : undefined);
  if (shape === 0) {
    // A circle: distance a is the radius; b and the angle are 0.
    tree.add(ext, f['gxc.radius'], tvb, off + 8, 2, a, meters('Radius r', a));
    const bn = tree.add(ext, f['gxc.distanceb'], tvb, off + 10, 2, b, meters('Distance b', b));
    if (b !== 0) addExpert(tree, bn, tvb, EI.reserved_not_zero);
    const an = tree.add(ext, f['gxc.angle'], tvb, off + 12, 2, angle, tree.building ? `Angle: ${angle}°` : undefined);
    if (angle !== 0) addExpert(tree, an, tvb, EI.reserved_not_zero);
  } else {
    tree.add(ext, f['gxc.distancea'], tvb, off + 8, 2, a, meters('Distance a', a));
    tree.add(ext, f['gxc.distanceb'], tvb, off + 10, 2, b, meters('Distance b', b));
    const an = tree.add(ext, f['gxc.angle'], tvb, off + 12, 2, angle, tree.building ? `Angle: ${angle}°` : undefined);
    if (angle > 360) addExpert(tree, an, tvb, EI.position_oor, `Out of range [0..360] (${floatText(angle)})`);
  }
  reserved(tree, ext, f['gxc.reserved'], tvb, off + 14, 2, tvb.u16(off + 14));
  return off + 16;
}

dissectorTable('ethertype').add(0x8947, gnw);
