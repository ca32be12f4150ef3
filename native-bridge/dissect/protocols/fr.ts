import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData, dispatchPayload } from '../core/dispatch.js';
import { fieldTable, textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { LINKTYPE_ETHERNET } from './eth.js';

/**
 * Frame Relay (LINKTYPE_FRELAY 107), as Wireshark's default "FRF 3.2/Cisco HDLC" encapsulation
 * reads it: a Q.922 address (2 to 4 bytes, or a bogus single byte: DLCI 0), then
 *  - a UI control field (0x03): RFC 2427, control then an NLPID;
 *  - on DLCI 0 any other control field: LAPF, which TShark does not decode (a text item and
 *    `data`); an XID frame likewise;
 *  - a Cisco HDLC protocol id TShark has a decoder for: Cisco's encapsulation;
 *  - a control field (I, S or U, after an optional padding byte) followed by a known NLPID:
 *    RFC 2427 again;
 *  - else raw Ethernet when bytes 12–13 are a length or a known EtherType, else `data`.
 * The control field is HDLC's in extended mode (2 bytes for I and S frames, little-endian), and
 * Info gets its summary (`DLCI 0, I P, N(R)=41, N(S)=33`). OSI protocols (NLPIDs 0x81–0x83)
 * take the NLPID as part of their PDU (`fr:isis`); others start after it.
 */
const P = fieldTable.register('fr', 'Frame Relay', [
  { abbrev: 'fr.dlci', name: 'DLCI', type: 'uint', bits: 32 },
  { abbrev: 'fr.cr', name: 'CR', type: 'bool' },
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
  { abbrev: 'fr.chdlctype', name: 'Type', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'fr.snap.oui', name: 'Organization Code', type: 'uint', base: 'hex', bits: 24 },
  { abbrev: 'fr.snap.pid', name: 'Protocol ID', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

/** Cisco HDLC protocol ids TShark 4.0 has a decoder for (its `chdlc.protocol` table): these mean Cisco's encapsulation. */
const CHDLC_TYPES: ReadonlySet<number> = new Set([
  0x0111, 0x0600, 0x0800, 0x2000, 0x4242, 0x6003, 0x6558, 0x8035, 0x8038, 0x809b, 0x80f3, 0x8137, 0x86dd, 0x8847, 0x8848, 0xfefe,
]);
/** NLPIDs TShark 4.0 decodes after a Frame Relay control field (`fr.osinl`, `osinl.incl`, SNAP, `fr.nlpid`): these mean RFC 2427. */
const KNOWN_NLPIDS: ReadonlySet<number> = new Set([0x00, 0x08, 0x09, 0x80, 0x81, 0x82, 0x83, 0x8e, 0xb0, 0xcc, 0xcf]);
/** NLPIDs whose protocols take the NLPID as their own first byte (OSI's, `osinl.incl`). */
const OSI_NLPIDS: ReadonlySet<number> = new Set([0x81, 0x82, 0x83]);
/** NLPIDs of network protocols, as the EtherType their decoders are registered under. */
const NLPID_ETHERTYPE: Readonly<Record<number, number>> = { 0xcc: 0x0800, 0x8e: 0x86dd };

const UI = 0x03;
const XID = 0xaf;
const S_TYPES = ['RR', 'RNR', 'REJ', 'SREJ'];
/** Unnumbered frames' commands by their modifier bits (0xec), as HDLC names them; responses differ in a few. */
const U_COMMANDS: Readonly<Record<number, string>> = {
  0x00: 'UI',
  0x20: 'UP',
  0x40: 'DISC',
  0x60: 'UA',
  0x80: 'SNRM',
  0xc0: 'SNRME',
  0xe0: 'TEST',
  0x04: 'SIM',
  0x84: 'FRMR',
  0xc4: 'CFGR',
  0x0c: 'SARM',
  0x2c: 'SABM',
  0x4c: 'SARME',
  0x6c: 'SABME',
  0x8c: 'RESET',
  0xac: 'XID',
  0xcc: 'SNRME',
  0xec: 'BCN',
};
const U_RESPONSES: Readonly<Record<number, string>> = { ...U_COMMANDS, 0x40: 'RD', 0x04: 'RIM', 0x0c: 'DM' };

/**
 * The control field at `off` in extended mode (Wireshark's dissect_xdlc_control): its item, and
 * its summary appended to Info. Returns its length: 1 for an unnumbered frame, else 2.
 */
function control(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number, response: boolean): number {
  const b = tvb.u8(off);
  let summary: string;
  let len = 2;
  let value: number;
  if ((b & 3) === 3) {
    len = 1;
    value = b;
    const names = response ? U_RESPONSES : U_COMMANDS;
    summary = `U${b & 0x10 ? (response ? ' F' : ' P') : ''}, func=${names[b & 0xec] ?? 'Unknown'}`;
  } else {
    value = tvb.u16(off, true);
    const pf = (value & 0x0100) !== 0;
    if ((b & 3) === 1) summary = `S${pf ? (response ? ' F' : ' P') : ''}, func=${S_TYPES[(value >> 2) & 3]}, N(R)=${value >> 9}`;
    else summary = `I${pf ? ' P' : ''}, N(R)=${value >> 9}, N(S)=${(value >> 1) & 0x7f}`;
  }
  tree.add(node, f.control, tvb, off, len, value);
  pinfo.appendInfo(summary, ', ');
  return len;
}

/** What TShark does not decode (LAPF on DLCI 0, XID frames): a text item, then the bytes as `data`. */
function undecoded(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, what: string): void {
  tree.add(parent, textItem, tvb, 0, 0, undefined, `Frame relay ${what} not yet implemented`);
  callData(tvb, pinfo, tree, parent);
}

/** The NLPID at `off` (after an optional padding byte) and the protocol it names (Wireshark's dissect_fr_nlpid). */
function byNlpid(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, node: number, off: number): void {
  tree.setLength(node, off);
  let nlpid = tvb.u8(off);
  if (nlpid === 0) {
    tree.add(node, f.nlpid, tvb, off, 1, 0, 'Padding');
    off++;
    tree.setLength(node, off);
    nlpid = tvb.u8(off);
  }
  // OSI protocols read their NLPID themselves.
  if (OSI_NLPIDS.has(nlpid) && dissectorTable('osi.nlpid').get(nlpid) !== undefined) {
    dispatchPayload({ table: 'osi.nlpid', keys: [nlpid] }, tvb.sub(off), pinfo, tree, parent);
    return;
  }
  tree.add(node, f.nlpid, tvb, off, 1, nlpid);
  off++;
  if (nlpid === 0x80) {
    tree.setLength(node, off + 5);
    const oui = tvb.u24(off);
    const pid = tvb.u16(off + 3);
    tree.add(node, f['snap.oui'], tvb, off, 3, oui);
    tree.add(node, f['snap.pid'], tvb, off + 3, 2, pid);
    const payload = tvb.sub(off + 5);
    // Bridged Ethernet (RFC 2427 OUI 00-80-C2, PID 0x0001 with FCS or 0x0007 without).
    if (oui === 0x0080c2 && (pid === 0x0001 || pid === 0x0007))
      dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, payload, pinfo, tree, parent);
    else if (oui === 0) dispatchPayload({ table: 'ethertype', keys: [pid] }, payload, pinfo, tree, parent);
    else callData(payload, pinfo, tree, parent);
    return;
  }
  tree.setLength(node, off);
  const payload = tvb.sub(off);
  const et = NLPID_ETHERTYPE[nlpid];
  if (et !== undefined) dispatchPayload({ table: 'ethertype', keys: [et] }, payload, pinfo, tree, parent);
  else dispatchPayload({ table: 'fr.nlpid', keys: [nlpid] }, payload, pinfo, tree, parent);
}

/** Whether the bytes from `off` look like RFC 2427 without a UI control field: a control field then an NLPID TShark knows. */
function looksRfc2427(tvb: Tvb, off: number): boolean {
  let c = tvb.u8(off);
  if (c === 0) c = tvb.u8(++off); // a padding byte
  off += (c & 3) === 3 ? 1 : 2;
  return tvb.has(off, 1) && KNOWN_NLPIDS.has(tvb.u8(off));
}

const fr: Dissector = {
  name: 'fr',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'FR';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    let b = tvb.u8(0);
    let dlci = 0;
    let response = false;
    let off = 1;
    if ((b & 1) === 0) {
      // The address extends while the EA bit is clear (Q.922: 2, 3 or 4 bytes; more are bogus).
      dlci = b >> 2;
      response = (b & 2) !== 0;
      tree.add(node, f.cr, tvb, 0, 1, response);
      b = tvb.u8(1);
      dlci = (dlci << 4) | (b >> 4);
      tree.add(node, f.fecn, tvb, 1, 1, (b & 8) !== 0);
      tree.add(node, f.becn, tvb, 1, 1, (b & 4) !== 0);
      tree.add(node, f.de, tvb, 1, 1, (b & 2) !== 0);
      off = 2;
      if ((b & 1) === 0) {
        b = tvb.u8(2);
        if ((b & 1) === 0) {
          dlci = (dlci << 7) | (b >> 1);
          off = 3;
          b = tvb.u8(3);
          // Each further byte is read; the frame's end bounds the walk.
          while ((b & 1) === 0) b = tvb.u8(++off);
        }
        if ((b & 2) === 0) dlci = (dlci << 6) | (b >> 2); // else DL-CORE control, no DLCI bits
        off++;
      }
    }
    tree.add(node, f.dlci, tvb, 0, off, dlci);
    pinfo.setInfo(`DLCI ${dlci}`);
    const c = tvb.u8(off);
    let rfc2427 = c === UI;
    if (!rfc2427) {
      if (dlci === 0 || c === XID) {
        control(tvb, pinfo, tree, node, off, response);
        undecoded(tvb.sub(off), pinfo, tree, parent, dlci === 0 ? 'lapf' : 'xid');
        return;
      }
      if (tvb.has(off, 2)) {
        const type = tvb.u16(off);
        if (CHDLC_TYPES.has(type)) {
          tree.add(node, f.chdlctype, tvb, off, 2, type);
          tree.setLength(node, off + 2);
          // Cisco HDLC reads the byte after the type (a padding byte before an OSI NLPID, or not).
          const pad = tvb.u8(off + 2);
          const start = type === 0xfefe && !KNOWN_NLPIDS.has(pad) ? off + 3 : off + 2;
          const own = dissectorTable('chdlc.protocol').get(type);
          if (own !== undefined && own.dissect(tvb.sub(start), pinfo, tree, parent) !== false) return;
          dispatchPayload({ table: 'ethertype', keys: [type] }, tvb.sub(start), pinfo, tree, parent);
          return;
        }
        rfc2427 = looksRfc2427(tvb, off);
      }
    }
    if (rfc2427) {
      off += control(tvb, pinfo, tree, node, off, response);
      byNlpid(tvb, pinfo, tree, parent, node, off);
      return;
    }
    const payload = tvb.sub(off);
    if (tvb.has(off + 12, 2) && (tvb.u16(off + 12) <= 1500 || dissectorTable('ethertype').get(tvb.u16(off + 12)) !== undefined))
      dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, payload, pinfo, tree, parent);
    else callData(payload, pinfo, tree, parent);
  },
};

dissectorTable('link_type').add(107, fr); // LINKTYPE_FRELAY
