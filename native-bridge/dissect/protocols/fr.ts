import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { LINKTYPE_ETHERNET } from './eth.js';

/**
 * Frame Relay (LINKTYPE_FRELAY 107): a Q.922 address of 2 to 4 bytes (the DLCI), then, as
 * Wireshark's auto-detection reads it, either Cisco's encapsulation (an EtherType) or RFC 2427:
 * a control field, optional padding and an NLPID (0xcc IPv4, 0x8e IPv6, 0x80 SNAP, 0x81–0x83
 * OSI protocols handed over directly: `fr:isis`; others through `fr.nlpid`).
 */
const P = fieldTable.register('fr', 'Frame Relay', [
  { abbrev: 'fr.dlci', name: 'DLCI', type: 'uint', bits: 32 },
  { abbrev: 'fr.cr', name: 'C/R', type: 'bool' },
  { abbrev: 'fr.fecn', name: 'FECN', type: 'bool' },
  { abbrev: 'fr.becn', name: 'BECN', type: 'bool' },
  { abbrev: 'fr.de', name: 'DE', type: 'bool' },
  { abbrev: 'fr.control', name: 'Control Field', type: 'uint', base: 'hex', bits: 16 },
  {
    abbrev: 'fr.nlpid',
    name: 'NLPID',
    type: 'uint',
    base: 'hex',
    bits: 8,
    strings: { 0x08: 'Q.933', 0x80: 'SNAP', 0x81: 'ISO CLNP', 0x82: 'ISO 9542 ESIS', 0x83: 'ISO 10589 ISIS', 0x8e: 'IPv6', 0xcc: 'IP' },
  },
  { abbrev: 'fr.ethertype', name: 'Type', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'fr.snap.oui', name: 'Organization Code', type: 'uint', base: 'hex', bits: 24 },
  { abbrev: 'fr.snap.pid', name: 'Protocol ID', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

/** NLPIDs of network protocols, as the EtherType their decoders are registered under. */
const NLPID_ETHERTYPE: Record<number, number> = { 0xcc: 0x0800, 0x8e: 0x86dd };

function byNlpid(nlpid: number, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  const et = NLPID_ETHERTYPE[nlpid];
  if (et !== undefined) dispatchPayload({ table: 'ethertype', keys: [et] }, tvb, pinfo, tree, parent);
  else if (nlpid >= 0x81 && nlpid <= 0x83) dispatchPayload({ table: 'osi.nlpid', keys: [nlpid] }, tvb, pinfo, tree, parent);
  else dispatchPayload({ table: 'fr.nlpid', keys: [nlpid] }, tvb, pinfo, tree, parent);
}

const fr: Dissector = {
  name: 'fr',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'FR';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    const b1 = tvb.u8(1);
    let dlci = ((b0 >> 2) << 4) | (b1 >> 4);
    let off = 2;
    // The address extends while the EA bit is clear (Q.922: 2, 3 or 4 bytes).
    while ((tvb.u8(off - 1) & 1) === 0 && off < 4) {
      const b = tvb.u8(off);
      dlci = off === 2 && b & 1 ? (dlci << 6) | ((b >> 2) & 0x3f) : (dlci << 7) | (b >> 1);
      off++;
    }
    tree.add(node, f.dlci, tvb, 0, off, dlci);
    tree.add(node, f.cr, tvb, 0, 1, (b0 & 2) !== 0);
    tree.add(node, f.fecn, tvb, 1, 1, (b1 & 8) !== 0);
    tree.add(node, f.becn, tvb, 1, 1, (b1 & 4) !== 0);
    tree.add(node, f.de, tvb, 1, 1, (b1 & 2) !== 0);
    pinfo.setInfo(`DLCI ${dlci}`);
    if (off >= tvb.length) return;
    const c = tvb.u8(off);
    if (c !== 0x03 && tvb.has(off, 2) && dissectorTable('ethertype').get(tvb.u16(off)) !== undefined) {
      const type = tvb.u16(off);
      tree.add(node, f.ethertype, tvb, off, 2, type);
      tree.setLength(node, off + 2);
      if (off + 2 < tvb.length) dispatchPayload({ table: 'ethertype', keys: [type] }, tvb.sub(off + 2), pinfo, tree, parent);
      return;
    }
    const clen = (c & 3) === 3 ? 1 : 2;
    tree.add(node, f.control, tvb, off, clen, clen === 1 ? c : tvb.u16(off));
    off += clen;
    // Padding before the NLPID (RFC 2427) comes only in UI frames; elsewhere a zero is NLPID 0.
    if (c === 0x03) while (tvb.has(off, 1) && tvb.u8(off) === 0) off++;
    if (off >= tvb.length) return;
    const nlpid = tvb.u8(off);
    tree.add(node, f.nlpid, tvb, off, 1, nlpid);
    if (nlpid === 0x80) {
      const oui = tvb.u24(off + 1);
      const pid = tvb.u16(off + 4);
      tree.add(node, f['snap.oui'], tvb, off + 1, 3, oui);
      tree.add(node, f['snap.pid'], tvb, off + 4, 2, pid);
      tree.setLength(node, off + 6);
      if (off + 6 >= tvb.length) return;
      const payload = tvb.sub(off + 6);
      // Bridged Ethernet (RFC 2427 OUI 00-80-C2, PID 0x0001 with FCS or 0x0007 without).
      if (oui === 0x0080c2 && (pid === 0x0001 || pid === 0x0007))
        dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, payload, pinfo, tree, parent);
      else if (oui === 0) dispatchPayload({ table: 'ethertype', keys: [pid] }, payload, pinfo, tree, parent);
      else callData(payload, pinfo, tree, parent);
      return;
    }
    // OSI protocols read their NLPID themselves; the others start after it.
    const osi = nlpid >= 0x81 && nlpid <= 0x83;
    tree.setLength(node, osi ? off : off + 1);
    const payload = osi ? tvb.sub(off) : off + 1 < tvb.length ? tvb.sub(off + 1) : undefined;
    if (payload !== undefined) byNlpid(nlpid, payload, pinfo, tree, parent);
  },
};

dissectorTable('link_type').add(107, fr); // LINKTYPE_FRELAY
