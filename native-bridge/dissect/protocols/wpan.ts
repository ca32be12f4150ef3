import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * IEEE 802.15.4 MAC frames with FCS (LINKTYPE_IEEE802_15_4_WITHFCS 195): frame control,
 * sequence number and addressing (PAN ids present by the 2006 rules, or the 2015 table for
 * version 2 frames). Source/Destination show the addresses (`Broadcast` for 0xffff); a data
 * frame's payload goes to `data`. The information elements of an unsecured 2015 frame are
 * walked as TShark walks them (headers and lengths; their contents are not decoded); security
 * and commands are not decoded.
 */
const TYPES = ['Beacon', 'Data', 'Ack', 'Command', 'Reserved', 'Multipurpose', 'Fragment', 'Extended'];
const P = fieldTable.register('wpan', 'IEEE 802.15.4 Low-Rate Wireless PAN', [
  { abbrev: 'wpan.fcf', name: 'Frame Control Field', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wpan.frame_type', name: 'Frame Type', type: 'uint', base: 'hex', bits: 16, mask: 0x0007, maskBits: 16 },
  { abbrev: 'wpan.pan_id_compression', name: 'PAN ID Compression', type: 'bool', mask: 0x0040, maskBits: 16 },
  { abbrev: 'wpan.dst_addr_mode', name: 'Destination Addressing Mode', type: 'uint', base: 'hex', bits: 16, mask: 0x0c00, maskBits: 16 },
  { abbrev: 'wpan.version', name: 'Frame Version', type: 'uint', bits: 16, mask: 0x3000, maskBits: 16 },
  { abbrev: 'wpan.src_addr_mode', name: 'Source Addressing Mode', type: 'uint', base: 'hex', bits: 16, mask: 0xc000, maskBits: 16 },
  { abbrev: 'wpan.seq_no', name: 'Sequence Number', type: 'uint', bits: 8 },
  { abbrev: 'wpan.dst_pan', name: 'Destination PAN', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wpan.dst16', name: 'Destination', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wpan.src_pan', name: 'Source PAN', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wpan.src16', name: 'Source', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wpan.fcs', name: 'FCS', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wpan.header_ie', name: 'Header IEs', type: 'none' },
  { abbrev: 'wpan.header_ie.id', name: 'Id', type: 'uint', base: 'hex', bits: 16, mask: 0x7f80, maskBits: 16 },
  { abbrev: 'wpan.header_ie.length', name: 'Length', type: 'uint', bits: 16, mask: 0x007f, maskBits: 16 },
  { abbrev: 'wpan.payload_ie', name: 'Payload IEs', type: 'none' },
  { abbrev: 'wpan.payload_ie.id', name: 'Id', type: 'uint', base: 'hex', bits: 16, mask: 0x7800, maskBits: 16 },
  { abbrev: 'wpan.payload_ie.length', name: 'Length', type: 'uint', bits: 16, mask: 0x07ff, maskBits: 16 },
]);
const f = P.f;

const MODE_SHORT = 2;
const SECURITY = 0x0008;
const IE_PRESENT = 0x0200;
/** Header IE ids that end the header IEs: HT1 (payload IEs follow), HT2 (the payload follows). */
const HT1 = 0x7e;
const HT2 = 0x7f;
const PAYLOAD_TERMINATION = 0x0f;
const MODE_LONG = 3;
const FCS_LENGTH = 2;

/** An address of `mode` at `off` as TShark prints it: `0x1234`, `Broadcast`, or the EUI-64 (sent little-endian). */
function address(tvb: Tvb, mode: number, off: number): string {
  if (mode === MODE_SHORT) {
    const a = tvb.u16(off, true);
    return a === 0xffff ? 'Broadcast' : `0x${a.toString(16).padStart(4, '0')}`;
  }
  let s = '';
  for (let i = 7; i >= 0; i--)
    s += `${tvb
      .u8(off + i)
      .toString(16)
      .padStart(2, '0')}${i > 0 ? ':' : ''}`;
  return s;
}

/** Whether the source PAN id is sent (IEEE 802.15.4-2015 table 7-2 for version 2, else the 2006 rule). */
function hasSourcePan(version: number, dst: number, src: number, compressed: boolean): boolean {
  if (src === 0) return false;
  if (version < 2) return !compressed;
  if (dst === 0) return !compressed;
  if (dst === MODE_LONG && src === MODE_LONG) return false;
  return !compressed;
}

/** The FCS: CRC-16/KERMIT (ITU-T polynomial, reflected, initial value 0) over the bytes before it. */
function fcsOf(b: Uint8Array, end: number): number {
  let crc = 0;
  for (let i = 0; i < end; i++) {
    crc ^= b[i]!;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}

/**
 * The information elements from `off` in `tvb` (the frame without its FCS), as TShark walks them:
 * header IEs while two bytes are left, up to a termination IE; after HT1 the payload IEs, while
 * two bytes are left, up to the payload termination IE. Each IE's content is a sub-buffer of its
 * stated length, so one longer than the bytes left is malformed. Returns the offset after them.
 * Each IE takes at least 2 bytes, so both walks end within length / 2 steps.
 */
function informationElements(tvb: Tvb, tree: ProtoTree, node: number, off: number): number {
  const headers = tree.add(node, f.header_ie, tvb, off, 0);
  const start = off;
  let payloadIes = false;
  do {
    const h = tvb.u16(off, true);
    const id = (h >> 7) & 0xff;
    const length = h & 0x7f;
    tree.add(headers, f['header_ie.id'], tvb, off, 2, id);
    tree.add(headers, f['header_ie.length'], tvb, off, 2, length);
    if (id === HT1 || id === HT2) {
      off += 2 + length;
      payloadIes = id === HT1;
      break;
    }
    tvb.check(off, 2 + length);
    off += 2 + length;
  } while (tvb.remaining(off) > 1);
  tree.setLength(headers, off - start);
  if (!payloadIes) return off;
  const payload = tree.add(node, f.payload_ie, tvb, off, 0);
  const payloadStart = off;
  do {
    const h = tvb.u16(off, true);
    const id = (h >> 11) & 0x0f;
    const length = h & 0x07ff;
    tree.add(payload, f['payload_ie.id'], tvb, off, 2, id);
    tree.add(payload, f['payload_ie.length'], tvb, off, 2, length);
    if (id === PAYLOAD_TERMINATION) {
      off += 2 + length;
      break;
    }
    tvb.check(off, 2 + length);
    off += 2 + length;
  } while (tvb.remaining(off) > 1);
  tree.setLength(payload, off - payloadStart);
  return off;
}

const wpan: Dissector = {
  name: 'wpan',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'IEEE 802.15.4';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const fcf = tvb.u16(0, true);
    const type = fcf & 7;
    const compressed = (fcf & 0x0040) !== 0;
    const seqSuppressed = (fcf & 0x0100) !== 0;
    const dstMode = (fcf >> 10) & 3;
    const version = (fcf >> 12) & 3;
    const srcMode = (fcf >> 14) & 3;
    tree.add(node, f.fcf, tvb, 0, 2, fcf);
    tree.add(node, f.frame_type, tvb, 0, 2, type);
    tree.add(node, f.pan_id_compression, tvb, 0, 2, compressed);
    tree.add(node, f.dst_addr_mode, tvb, 0, 2, dstMode);
    tree.add(node, f.version, tvb, 0, 2, version);
    tree.add(node, f.src_addr_mode, tvb, 0, 2, srcMode);
    pinfo.setInfo(type === 0 && version === 2 ? 'Enhanced Beacon' : (TYPES[type] ?? 'Reserved'));
    let off = 2;
    if (!seqSuppressed) tree.add(node, f.seq_no, tvb, off++, 1, tvb.u8(2));
    if (dstMode !== 0) {
      tree.add(node, f.dst_pan, tvb, off, 2, tvb.u16(off, true));
      off += 2;
      const dst = address(tvb, dstMode, off);
      if (dstMode === MODE_SHORT) tree.add(node, f.dst16, tvb, off, 2, tvb.u16(off, true));
      off += dstMode === MODE_SHORT ? 2 : 8;
      pinfo.dst = dst;
      pinfo.appendInfo(`Dst: ${dst}`, ', ');
    }
    if (hasSourcePan(version, dstMode, srcMode, compressed)) {
      tree.add(node, f.src_pan, tvb, off, 2, tvb.u16(off, true));
      off += 2;
    }
    if (srcMode !== 0) {
      const src = address(tvb, srcMode, off);
      if (srcMode === MODE_SHORT) tree.add(node, f.src16, tvb, off, 2, tvb.u16(off, true));
      off += srcMode === MODE_SHORT ? 2 : 8;
      pinfo.src = src;
      pinfo.appendInfo(`Src: ${src}`, ', ');
    }
    if (version === 2 && (fcf & IE_PRESENT) !== 0 && (fcf & SECURITY) === 0 && tvb.length > off + FCS_LENGTH)
      off = informationElements(tvb.sub(0, tvb.length - FCS_LENGTH), tree, node, off);
    if (tvb.length >= off + FCS_LENGTH) {
      const at = tvb.length - FCS_LENGTH;
      const fcs = tvb.u16(at, true);
      tree.add(node, f.fcs, tvb, at, 2, fcs);
      if (fcs !== fcsOf(tvb.bytes, at)) pinfo.appendInfo('Bad FCS', ', ');
    }
    if (type === 1 && tvb.length > off + FCS_LENGTH) callData(tvb.sub(off, tvb.length - off - FCS_LENGTH), pinfo, tree, parent);
  },
};

dissectorTable('link_type').add(195, wpan); // LINKTYPE_IEEE802_15_4_WITHFCS
