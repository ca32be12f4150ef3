import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { hex } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';

/**
 * IEEE 802.2 Logical-Link Control, with SNAP. The payload goes by DSAP to `llc.dsap` (0x42 STP,
 * 0xe0 IPX, 0xfe OSI); a SNAP header (DSAP = SSAP = 0xaa) goes by its OUI: 00:00:00 (RFC 1042)
 * and 00:00:f8 carry an EtherType (`llc:ip` — no `ethertype` step, as in TShark), Cisco's
 * 00:00:0c goes to `llc.cisco_pid` (CDP, UDLD, DTP, PVST+), others to `llc.oui_pid`.
 */
const SAPS: Record<number, string> = {
  0x00: 'NULL LSAP',
  0x06: 'TCP/IP',
  0x42: 'Spanning Tree BPDU',
  0xaa: 'SNAP',
  0xe0: 'NetWare',
  0xf0: 'NetBIOS',
  0xfe: 'ISO Network Layer (OSLAN 1)',
  0xff: 'Global LSAP',
};
const OUIS: Record<number, string> = {
  0x000000: 'Encapsulated Ethernet',
  0x00000c: 'Cisco',
  0x0000f8: 'Cisco 90-Compatible',
  0x000081: 'Nortel',
};

const P = fieldTable.register('llc', 'Logical-Link Control', [
  { abbrev: 'llc.dsap', name: 'DSAP', type: 'uint', base: 'hex', bits: 8, strings: SAPS },
  { abbrev: 'llc.ssap', name: 'SSAP', type: 'uint', base: 'hex', bits: 8, strings: SAPS },
  { abbrev: 'llc.control', name: 'Control field', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'llc.oui', name: 'Organization Code', type: 'uint', base: 'hex', bits: 24, strings: OUIS },
  { abbrev: 'llc.pid', name: 'PID', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'llc.type', name: 'Type', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

/** Names of the unnumbered (U) frame functions, by the control byte without its P/F bit. */
const U_FUNCS: Record<number, string> = {
  0x03: 'UI',
  0xaf: 'XID',
  0xe3: 'TEST',
  0x6f: 'SABME',
  0x43: 'DISC',
  0x63: 'UA',
  0x0f: 'DM',
  0x87: 'FRMR',
};
/** A SAP by name when it has one, else in hex (the low bit is the I/G or C/R bit, not part of it). */
function sapName(sap: number): string {
  return SAPS[sap & 0xfe] ?? hex(sap & 0xfe, 2);
}

const S_FUNCS = ['RR', 'RNR', 'REJ', 'Unknown'];

const llc: Dissector = {
  name: 'llc',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'LLC';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const dsap = tvb.u8(0);
    const ssap = tvb.u8(1);
    tree.add(node, f.dsap, tvb, 0, 1, dsap);
    tree.add(node, f.ssap, tvb, 1, 1, ssap);
    const c0 = tvb.u8(2);
    // I and S frames carry a two-byte control field (802.2 type 2); U frames one byte.
    const clen = (c0 & 3) === 3 ? 1 : 2;
    const control = clen === 1 ? c0 : tvb.u16(2, true);
    tree.add(node, f.control, tvb, 2, clen, control);
    let info: string;
    if ((c0 & 1) === 0) info = `I, N(R)=${(control >> 9) & 0x7f}, N(S)=${(control >> 1) & 0x7f}`;
    else if (clen === 2) info = `S, func=${S_FUNCS[(c0 >> 2) & 3]}, N(R)=${(control >> 9) & 0x7f}`;
    else {
      const fn = U_FUNCS[c0 & ~0x10];
      info = fn === undefined ? `U, func=Unknown (${hex(c0 & ~0x10, 2)})` : `U, func=${fn}`;
      if (c0 & 0x10) info += (ssap & 1) === 0 ? ', P' : ', F';
    }
    let off = 2 + clen;
    if (dsap === 0xaa && ssap === 0xaa) {
      const oui = tvb.u24(off);
      const pid = tvb.u16(off + 3);
      tree.add(node, f.oui, tvb, off, 3, oui);
      const encapsulated = oui === 0 || oui === 0xf8;
      tree.add(node, encapsulated ? f.type : f.pid, tvb, off + 3, 2, pid);
      tree.setLength(node, off + 5);
      const name = OUIS[oui];
      pinfo.setInfo(
        `${info}; SNAP, OUI ${hex(oui, 6).toUpperCase().replace('0X', '0x')} (${name ?? 'Unknown'}), PID ${hex(pid, 4).toUpperCase().replace('0X', '0x')}`,
      );
      off += 5;
      if (off >= tvb.length) return;
      const payload = tvb.sub(off);
      if (encapsulated) dispatchPayload({ table: 'ethertype', keys: [pid] }, payload, pinfo, tree, parent);
      else if (oui === 0x00000c) dispatchPayload({ table: 'llc.cisco_pid', keys: [pid] }, payload, pinfo, tree, parent);
      else
        dispatchPayload(
          { table: 'llc.oui_pid', keys: [`${oui.toString(16).padStart(6, '0')}:${pid.toString(16).padStart(4, '0')}`] },
          payload,
          pinfo,
          tree,
          parent,
        );
      return;
    }
    tree.setLength(node, off);
    pinfo.setInfo(
      `${info}; DSAP ${sapName(dsap)} ${dsap & 1 ? 'Group' : 'Individual'}, SSAP ${sapName(ssap)} ${ssap & 1 ? 'Response' : 'Command'}`,
    );
    if (off >= tvb.length) return;
    dispatchPayload({ table: 'llc.dsap', keys: [dsap & 0xfe] }, tvb.sub(off), pinfo, tree, parent);
  },
};

dissectorTable('llc').add(0, llc);
