import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { Tvb } from '../core/tvb.js';
import { reportedLength } from './ip-common.js';

/**
 * Protocol Independent Multicast version 2 (RFC 7761), IP protocol 103: the header and, for a
 * Register, the encapsulated IPv4/IPv6 packet, whose fields filter as any other (`ip.ttl`). As
 * in Wireshark, the Register keeps the columns (Protocol `PIMv2`, Info `Register`), whatever
 * the inner packet is.
 */
const TYPES: Record<number, string> = {
  0: 'Hello',
  1: 'Register',
  2: 'Register-stop',
  3: 'Join/Prune',
  4: 'Bootstrap',
  5: 'Assert',
  6: 'Graft',
  7: 'Graft-Ack',
  8: 'Candidate-RP-Advertisement',
  9: 'State-Refresh',
  10: 'DF election',
};
const P = fieldTable.register('pim', 'Protocol Independent Multicast', [
  { abbrev: 'pim.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'pim.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'pim.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'pim.register_flag.border', name: 'Border', type: 'bool' },
  { abbrev: 'pim.register_flag.null_register', name: 'Null-Register', type: 'bool' },
  { abbrev: 'pim.dummy_header', name: 'Dummy Header', type: 'none' },
  { abbrev: 'pim.source', name: 'Source', type: 'ipv4' },
  { abbrev: 'pim.group', name: 'Group', type: 'ipv4' },
  { abbrev: 'pim.source_ip6', name: 'Source', type: 'ipv6' },
  { abbrev: 'pim.group_ip6', name: 'Group', type: 'ipv6' },
]);
const f = P.f;
const HELLO = 0;
const REGISTER = 1;

/**
 * What TShark reads of a Hello option's value by its type (hold time, LAN prune delay, DR
 * priority, generation ID, state refresh), whatever the option's length says; any other
 * option is read over its length.
 */
const HELLO_VALUE_READS: Readonly<Record<number, number>> = { 1: 2, 2: 4, 19: 4, 20: 4, 21: 4 };

/**
 * TShark walks the Hello options while two bytes remain of the message's reported length,
 * reading each option's type, length and value: a capture cut inside one ends the frame short
 * there, a value past the packet's end malformed. An option takes at least 4 bytes, so the
 * walk ends within length / 4 steps.
 */
function requireHelloOptions(tvb: Tvb, pinfo: PacketInfo): void {
  const reported = reportedLength(pinfo, tvb);
  for (let off = 4; reported - off >= 2; ) {
    tvb.check(off, 4);
    const type = tvb.u16(off);
    const length = tvb.u16(off + 2);
    tvb.check(off + 4, HELLO_VALUE_READS[type] ?? length);
    off += 4 + length;
  }
}

const pim: Dissector = {
  name: 'pim',
  dissect(tvb, pinfo, tree, parent) {
    // On the stack before its first read: an IPv6 packet whose payload length is 0 (segmentation
    // offload) hands TShark's PIM no bytes, and the read fails with `pim` on the stack.
    const node = beginProtocol(P, tvb, pinfo, tree, parent, tvb.length, 1);
    const b0 = tvb.u8(0);
    const version = b0 >> 4;
    const type = b0 & 0x0f;
    pinfo.protocol = `PIMv${version}`;
    tree.add(node, f.version, tvb, 0, 1, version);
    tree.add(node, f.type, tvb, 0, 1, type);
    tree.add(node, f.checksum, tvb, 2, 2, tvb.u16(2));
    pinfo.setInfo(TYPES[type] ?? `Unknown (${type})`);
    if (version === 2 && type === HELLO) requireHelloOptions(tvb, pinfo);
    if (version !== 2 || type !== REGISTER) return;
    const flags = tvb.u32(4);
    tree.add(node, f['register_flag.border'], tvb, 4, 4, (flags & 0x80000000) !== 0);
    tree.add(node, f['register_flag.null_register'], tvb, 4, 4, (flags & 0x40000000) !== 0);
    tree.setLength(node, 8);
    // TShark reads the inner packet's IP version before anything else (a capture cut there is
    // short). It then reads a Null-Register's dummy header (version 0) as the outer family's
    // source and group, with the columns made read-only: a cut inside it is short, but Info
    // keeps no note of it.
    const nibble = tvb.u8(8) >> 4;
    if (nibble === 0) {
      pinfo.columnsWritable = false;
      tree.add(node, f.dummy_header, tvb, 8, Math.max(0, tvb.length - 8));
      if (pinfo.netType === 'ipv4') {
        tree.add(node, f.source, tvb, 20, 4, tvb.u32(20));
        tree.add(node, f.group, tvb, 24, 4, tvb.u32(24));
      } else if (pinfo.netType === 'ipv6') {
        tree.add(node, f.source_ip6, tvb, 16, 16, tvb.view(16, 16));
        tree.add(node, f.group_ip6, tvb, 32, 16, tvb.view(32, 16));
      }
      pinfo.columnsWritable = true;
      return;
    }
    const inner = tvb.sub(8);
    const { src, dst } = pinfo;
    // Wireshark makes the columns read-only while the inner packet is dissected; an error in
    // it (malformed or short) leaves them so, Info without its mark.
    pinfo.columnsWritable = false;
    // Another IP version is shown as such, not handed to data (Wireshark).
    if (nibble === 4 || nibble === 6)
      dispatchPayload({ table: 'ethertype', keys: [nibble === 4 ? 0x0800 : 0x86dd] }, inner, pinfo, tree, parent);
    pinfo.columnsWritable = true;
    pinfo.src = src;
    pinfo.dst = dst;
  },
};

dissectorTable('ip.proto').add(103, pim);

/** PIM version 1 (IGMP type 0x14): the code names the message, as Wireshark shows it. */
const V1_TYPES: Record<number, string> = {
  0: 'Query',
  1: 'Register',
  2: 'Register-stop',
  3: 'Join/Prune',
  4: 'RP-Reachable',
  5: 'Assert',
  6: 'Graft',
  7: 'Graft-Ack',
  8: 'Mode',
};
dissectorTable('igmp.type').add(0x14, {
  name: 'pim',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'PIMv1';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const code = tvb.u8(1);
    tree.add(node, f.type, tvb, 1, 1, code);
    tree.add(node, f.checksum, tvb, 2, 2, tvb.u16(2));
    pinfo.setInfo(V1_TYPES[code] ?? `Unknown (${code})`);
    tree.add(node, f.version, tvb, 4, 1, tvb.u8(4) >> 4);
  },
});
