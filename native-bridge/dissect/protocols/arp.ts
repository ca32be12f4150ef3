import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { expertTable } from '../core/expert-info.js';
import { fieldTable } from '../core/fields.js';
import { etherString, ipv4String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';
import { type DuplicateFields, checkDuplicate } from './arp-duplicates.js';

/**
 * Address Resolution Protocol (RFC 826) and its RARP/InARP opcodes. Addresses are typed when
 * they are Ethernet/IPv4 sized (Wireshark's ARP_HW_IS_ETHER / ARP_PRO_IS_IPv4), raw bytes
 * otherwise. Info texts are Wireshark's (`Who has 192.0.2.1? Tell 192.0.2.10`).
 */
const OPCODE_NAMES: Record<number, string> = {
  1: 'request',
  2: 'reply',
  3: 'reverse request',
  4: 'reverse reply',
  5: 'DRARP-Request',
  6: 'DRARP-Reply',
  7: 'DRARP-Error',
  8: 'inverse request',
  9: 'inverse reply',
  10: 'ARP-NAK',
};

const P = fieldTable.register('arp', 'Address Resolution Protocol', [
  {
    abbrev: 'arp.hw.type',
    name: 'Hardware type',
    type: 'uint',
    bits: 16,
    strings: { 1: 'Ethernet', 6: 'IEEE 802', 15: 'Frame Relay', 16: 'ATM', 32: 'InfiniBand' },
  },
  { abbrev: 'arp.proto.type', name: 'Protocol type', type: 'uint', base: 'hex', bits: 16, strings: { 0x0800: 'IPv4' } },
  { abbrev: 'arp.hw.size', name: 'Hardware size', type: 'uint', bits: 8 },
  { abbrev: 'arp.proto.size', name: 'Protocol size', type: 'uint', bits: 8 },
  { abbrev: 'arp.opcode', name: 'Opcode', type: 'uint', bits: 16, strings: OPCODE_NAMES },
  { abbrev: 'arp.isgratuitous', name: 'Is gratuitous', type: 'bool' },
  { abbrev: 'arp.isprobe', name: 'Is probe', type: 'bool' },
  { abbrev: 'arp.isannouncement', name: 'Is announcement', type: 'bool' },
  { abbrev: 'arp.src.hw', name: 'Sender hardware address', type: 'bytes' },
  { abbrev: 'arp.src.hw_mac', name: 'Sender MAC address', type: 'ether' },
  { abbrev: 'arp.src.proto', name: 'Sender protocol address', type: 'bytes' },
  { abbrev: 'arp.src.proto_ipv4', name: 'Sender IP address', type: 'ipv4' },
  { abbrev: 'arp.dst.hw', name: 'Target hardware address', type: 'bytes' },
  { abbrev: 'arp.dst.hw_mac', name: 'Target MAC address', type: 'ether' },
  { abbrev: 'arp.dst.proto', name: 'Target protocol address', type: 'bytes' },
  { abbrev: 'arp.dst.proto_ipv4', name: 'Target IP address', type: 'ipv4' },
  { abbrev: 'arp.duplicate-address-frame', name: 'Frame showing earlier use of IP address', type: 'framenum', generated: true },
  {
    abbrev: 'arp.seconds-since-duplicate-address-frame',
    name: 'Seconds since earlier frame seen',
    type: 'uint',
    bits: 32,
    generated: true,
  },
]);

const DUPLICATE_FIELDS: DuplicateFields = {
  frame: P.f['duplicate-address-frame'],
  seconds: P.f['seconds-since-duplicate-address-frame'],
  expert: expertTable('arp', 'ARP/RARP', [
    { name: 'arp.duplicate-address-detected', severity: 'warn', group: 'sequence', summary: 'Duplicate IP address configured' },
  ])['duplicate-address-detected'],
};

const REQUEST = 1;
const REPLY = 2;

function isEther(hrd: number, hln: number): boolean {
  return (hrd === 1 || hrd === 6 || hrd === 32 || hrd === 24) && hln === 6;
}

function isIpv4(pro: number, pln: number): boolean {
  return (pro === 0x0800 || pro === 0xcc) && pln === 4;
}

function hexBytes(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

function proStr(tvb: Tvb, off: number, pln: number, pro: number): string {
  if (pln === 0) return '<No address>';
  return isIpv4(pro, pln) ? ipv4String(tvb.u32(off)) : hexBytes(tvb.view(off, pln));
}

function hrdStr(tvb: Tvb, off: number, hln: number, hrd: number): string {
  if (hln === 0) return '<No address>';
  return isEther(hrd, hln) ? etherString(tvb.view(off, 6)) : hexBytes(tvb.view(off, hln));
}

function allZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** A MAC that names one station: not group (multicast, broadcast), not all zeros. */
function unicast(tvb: Tvb, off: number): boolean {
  const b = tvb.view(off, 6);
  return (b[0]! & 1) === 0 && !allZero(b);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const arp: Dissector = {
  name: 'arp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'ARP';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const f = P.f;
    const hrd = tvb.u16(0);
    const pro = tvb.u16(2);
    const hln = tvb.u8(4);
    const pln = tvb.u8(5);
    const op = tvb.u16(6);
    tree.add(node, f['hw.type'], tvb, 0, 2, hrd);
    tree.add(node, f['proto.type'], tvb, 2, 2, pro);
    tree.add(node, f['hw.size'], tvb, 4, 1, hln);
    tree.add(node, f['proto.size'], tvb, 5, 1, pln);
    tree.add(node, f.opcode, tvb, 6, 2, op);
    const total = 8 + 2 * hln + 2 * pln;
    // Padding after the datagram belongs to the link layer, not to ARP.
    tree.setLength(node, Math.min(total, tvb.length));
    if (op === 3 || op === 4) pinfo.protocol = 'RARP';
    else if (op >= 5 && op <= 7) pinfo.protocol = 'DRARP';
    else if (op === 8 || op === 9) pinfo.protocol = 'Inverse ARP';
    const sha = 8;
    const spa = sha + hln;
    const tha = spa + pln;
    const tpa = tha + hln;
    tvb.check(8, total - 8);

    let gratuitous = false;
    let probe = false;
    let announcement = false;
    if ((op === REQUEST || op === REPLY) && equal(tvb.view(spa, pln), tvb.view(tpa, pln))) {
      gratuitous = true;
      announcement = op === REQUEST && tvb.has(tha, 6) && allZero(tvb.view(tha, 6));
    } else if (op === REQUEST && tvb.has(tha, 6) && allZero(tvb.view(tha, 6)) && tvb.has(spa, 4) && tvb.u32(spa) === 0) {
      probe = true;
    }
    switch (op) {
      case REQUEST:
        if (gratuitous)
          pinfo.setInfo(
            announcement
              ? `ARP Announcement for ${proStr(tvb, tpa, pln, pro)}`
              : `Gratuitous ARP for ${proStr(tvb, tpa, pln, pro)} (Request)`,
          );
        else if (probe) pinfo.setInfo(`Who has ${proStr(tvb, tpa, pln, pro)}? (ARP Probe)`);
        else pinfo.setInfo(`Who has ${proStr(tvb, tpa, pln, pro)}? Tell ${proStr(tvb, spa, pln, pro)}`);
        break;
      case REPLY:
        if (gratuitous) pinfo.setInfo(`Gratuitous ARP for ${proStr(tvb, spa, pln, pro)} (Reply)`);
        else pinfo.setInfo(`${proStr(tvb, spa, pln, pro)} is at ${hrdStr(tvb, sha, hln, hrd)}`);
        break;
      case 3:
      case 8:
      case 5:
        pinfo.setInfo(`Who is ${hrdStr(tvb, tha, hln, hrd)}? Tell ${hrdStr(tvb, sha, hln, hrd)}`);
        break;
      case 4:
      case 6:
        pinfo.setInfo(`${hrdStr(tvb, tha, hln, hrd)} is at ${proStr(tvb, tpa, pln, pro)}`);
        break;
      case 7:
        pinfo.setInfo('DRARP Error');
        break;
      case 9:
        pinfo.setInfo(`${hrdStr(tvb, sha, hln, hrd)} is at ${proStr(tvb, spa, pln, pro)}`);
        break;
      case 10:
        pinfo.setInfo('ARP NAK');
        break;
      case 0:
      case 65535:
        pinfo.setInfo(`Reserved opcode ${op}`);
        break;
      default:
        pinfo.setInfo(`Unknown ARP opcode 0x${op.toString(16).padStart(4, '0')}`);
    }
    const opName = OPCODE_NAMES[op];
    const kind = announcement
      ? 'ARP Announcement'
      : probe
        ? 'ARP Probe'
        : gratuitous
          ? op === REQUEST
            ? 'request/gratuitous ARP'
            : 'reply/gratuitous ARP'
          : opName;
    tree.setText(
      node,
      kind !== undefined
        ? `Address Resolution Protocol (${kind})`
        : `Address Resolution Protocol (opcode 0x${op.toString(16).padStart(4, '0')})`,
    );
    if (gratuitous) tree.add(node, f.isgratuitous, tvb, 0, 0, true);
    if (probe) tree.add(node, f.isprobe, tvb, 0, 0, true);
    if (announcement) tree.add(node, f.isannouncement, tvb, 0, 0, true);
    const ether = isEther(hrd, hln);
    const ipv4 = isIpv4(pro, pln);
    if (hln !== 0) tree.add(node, ether ? f['src.hw_mac'] : f['src.hw'], tvb, sha, hln, tvb.view(sha, hln));
    if (pln !== 0) tree.add(node, ipv4 ? f['src.proto_ipv4'] : f['src.proto'], tvb, spa, pln, ipv4 ? tvb.u32(spa) : tvb.view(spa, pln));
    if (hln !== 0) tree.add(node, ether ? f['dst.hw_mac'] : f['dst.hw'], tvb, tha, hln, tvb.view(tha, hln));
    if (pln !== 0) tree.add(node, ipv4 ? f['dst.proto_ipv4'] : f['dst.proto'], tvb, tpa, pln, ipv4 ? tvb.u32(tpa) : tvb.view(tpa, pln));
    if ((op === REQUEST || op === REPLY) && ether && ipv4) {
      // Duplicate address detection: the sender's binding, then the target's in a reply.
      let duplicate = 0;
      let detected = false;
      const sip = tvb.u32(spa);
      if (unicast(tvb, sha) && sip !== 0 && checkDuplicate(tvb, sha, sip, pinfo, tree, parent, DUPLICATE_FIELDS)) {
        detected = true;
        duplicate = sip;
      }
      const tip = tvb.u32(tpa);
      // TShark keeps only the last check's answer for Info (a report on the sender can be dropped there).
      if (op !== REQUEST && unicast(tvb, tha) && tip !== 0 && tip !== duplicate) {
        detected = checkDuplicate(tvb, tha, tip, pinfo, tree, parent, DUPLICATE_FIELDS);
        if (detected) duplicate = tip;
      }
      if (detected) pinfo.appendInfo(`(duplicate use of ${ipv4String(duplicate)} detected!)`);
    }
  },
};

const ethertype = dissectorTable('ethertype');
ethertype.add(0x0806, arp);
ethertype.add(0x8035, arp); // RARP
