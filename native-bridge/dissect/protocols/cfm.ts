import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * IEEE 802.1ag Connectivity Fault Management / Y.1731 OAM (EtherType 0x8902): the common
 * header. Info is the OpCode's name (`Type Unknown (0xcc)` for one not known). The PDUs' bodies
 * are not decoded; after an OpCode TShark does not know, it reads TLVs right after the OpCode
 * (a `CFM TLVs` item at the top level), and so does this decoder.
 */
const OPCODES: Record<number, string> = {
  1: 'Continuity Check Message (CCM)',
  2: 'Loopback Reply (LBR)',
  3: 'Loopback Message (LBM)',
  4: 'Linktrace Reply (LTR)',
  5: 'Linktrace Message (LTM)',
  33: 'Alarm Indication Signal (AIS)',
  35: 'Lock Signal (LCK)',
  37: 'Test Signal (TST)',
  39: 'Automatic Protection Switching (APS)',
  41: 'Maintenance Communication Channel (MCC)',
  43: 'Loss Measurement Message (LMM)',
  42: 'Loss Measurement Reply (LMR)',
  45: 'One Way Delay Measurement (1DM)',
  47: 'Delay Measurement Message (DMM)',
  46: 'Delay Measurement Reply (DMR)',
};
const P = fieldTable.register('cfm', 'CFM EOAM IEEE 802.1Q/ITU-T Y.1731 Protocol', [
  { abbrev: 'cfm.md.level', name: 'CFM MD Level', type: 'uint', bits: 8, mask: 0xe0, maskBits: 8 },
  { abbrev: 'cfm.version', name: 'CFM Version', type: 'uint', bits: 8, mask: 0x1f, maskBits: 8 },
  { abbrev: 'cfm.opcode', name: 'CFM OpCode', type: 'uint', base: 'hex', bits: 8, strings: OPCODES },
  { abbrev: 'cfm.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'cfm.first.tlv.offset', name: 'First TLV Offset', type: 'uint', bits: 8 },
  { abbrev: 'cfm.all.tlvs', name: 'CFM TLVs', type: 'none' },
  { abbrev: 'cfm.tlv.type', name: 'TLV Type', type: 'uint', bits: 8 },
  { abbrev: 'cfm.tlv.length', name: 'TLV Length', type: 'uint', bits: 16 },
]);
const END_TLV = 0;
const SENDER_ID = 1;
const REPLY_INGRESS = 5;
const REPLY_EGRESS = 6;
const ORG_SPECIFIC = 31;
const TEST = 32;
/** What TShark reads of a TLV's value by its type, when it does not depend on the value (port and interface status, egress identifiers). */
const TLV_READS: Readonly<Record<number, number>> = { 2: 1, 4: 1, 7: 8, 8: 16 };

/**
 * The TLVs from `off` to the End TLV, read as TShark reads them: type, length, then the value
 * by its type (a sender ID's three length-prefixed parts, a reply's action, MAC and port ID…);
 * the next TLV starts where the length says. Each TLV moves at least one byte and every step
 * reads, so the walk ends within the buffer's length.
 */
function tlvs(tvb: Tvb, tree: ProtoTree, parent: number, start: number): void {
  const all = tree.add(parent, f['all.tlvs'], tvb, start, Math.max(0, tvb.length - start));
  tvb.check(start, 0);
  let off = start;
  for (;;) {
    const type = tvb.u8(off);
    tree.add(all, f['tlv.type'], tvb, off, 1, type);
    if (type === END_TLV) return;
    const len = tvb.u16(off + 1);
    tree.add(all, f['tlv.length'], tvb, off + 1, 2, len);
    off += 3;
    if (len !== 0) tlvValue(tvb, type, len, off);
    off += len;
  }
}

/** Reads a TLV's value of `len` bytes at `off` as TShark does for its type (see tlvs). */
function tlvValue(tvb: Tvb, type: number, len: number, off: number): void {
  let o = off;
  if (type === SENDER_ID) {
    const chassis = tvb.u8(o++);
    if (chassis > 0) {
      tvb.check(o, 1 + chassis); // subtype, then the ID
      o += 1 + chassis;
    }
    if (len <= 2 + chassis) return;
    const domain = tvb.u8(o++);
    tvb.check(o, domain);
    o += domain;
    if (len > 2 + chassis + 1 + domain) tvb.check(o + 1, tvb.u8(o));
  } else if (type === REPLY_INGRESS || type === REPLY_EGRESS) {
    tvb.check(o, 7);
    o += 7;
    if (len > 7) {
      const port = tvb.u8(o++);
      if (port > 0) tvb.check(o, 1 + port);
    }
  } else if (type === 3) tvb.check(o, len);
  else if (type === ORG_SPECIFIC) {
    if (len > 3) tvb.check(o, len);
  } else if (type === TEST) {
    const pattern = tvb.u8(o++);
    if (pattern === 0 || pattern === 2) tvb.check(o, len - 1);
    else if (pattern === 1 || pattern === 3) tvb.check(o, Math.max(0, len - 5) + 4);
  } else tvb.check(o, TLV_READS[type] ?? 0);
}
const f = P.f;

const cfm: Dissector = {
  name: 'cfm',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'CFM';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    tree.add(node, f['md.level'], tvb, 0, 1, b0 >> 5);
    tree.add(node, f.version, tvb, 0, 1, b0 & 0x1f);
    const op = tvb.u8(1);
    tree.add(node, f.opcode, tvb, 1, 1, op);
    const name = OPCODES[op];
    pinfo.setInfo(name ?? `Type Unknown (0x${op.toString(16).padStart(2, '0')})`);
    if (name === undefined) {
      tlvs(tvb, tree, parent, 2);
      return;
    }
    tree.add(node, f.flags, tvb, 2, 1, tvb.u8(2));
    tree.add(node, f['first.tlv.offset'], tvb, 3, 1, tvb.u8(3));
  },
};

dissectorTable('ethertype').add(0x8902, cfm);
