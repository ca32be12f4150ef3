import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { type FieldInfo, type ProtocolFields, fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import './ppp.js'; // registers `ppp`, whose header fields these extend

/**
 * PPP's control protocols (RFC 1661 LCP 0xc021, RFC 1332 IPCP 0x8021): code, identifier and
 * length; and PAP (RFC 1334, 0xc023) with its data as TShark reads it (a request's peer ID and
 * password, an ack's or nak's message, each over its length byte). Info is the code's name
 * (`Echo Request`, `Configuration Nak`, `Authenticate-Ack`); options are not decoded.
 */
const CODES: Record<number, string> = {
  1: 'Configuration Request',
  2: 'Configuration Ack',
  3: 'Configuration Nak',
  4: 'Configuration Reject',
  5: 'Termination Request',
  6: 'Termination Ack',
  7: 'Code Reject',
  8: 'Protocol Reject',
  9: 'Echo Request',
  10: 'Echo Reply',
  11: 'Discard Request',
  12: 'Identification',
  13: 'Time Remaining',
};
const LCP = fieldTable.register('lcp', 'PPP Link Control Protocol', []);
const IPCP = fieldTable.register('ipcp', 'PPP IP Control Protocol', []);
const PAP_CODES: Record<number, string> = { 1: 'Authenticate-Request', 2: 'Authenticate-Ack', 3: 'Authenticate-Nak' };
const PAP = fieldTable.register('pap', 'PPP Password Authentication Protocol', [
  { abbrev: 'pap.code', name: 'Code', type: 'uint', bits: 8, strings: PAP_CODES },
  { abbrev: 'pap.identifier', name: 'Identifier', type: 'uint', bits: 8 },
  { abbrev: 'pap.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'pap.data', name: 'Data', type: 'none' },
  { abbrev: 'pap.peer_id.length', name: 'Peer-ID-Length', type: 'uint', bits: 8 },
  { abbrev: 'pap.peer_id', name: 'Peer-ID', type: 'string' },
  { abbrev: 'pap.password.length', name: 'Password-Length', type: 'uint', bits: 8 },
  { abbrev: 'pap.password', name: 'Password', type: 'string' },
  { abbrev: 'pap.message.length', name: 'Message-Length', type: 'uint', bits: 8 },
  { abbrev: 'pap.message', name: 'Message', type: 'string' },
  { abbrev: 'pap.stuff', name: 'stuff', type: 'bytes' },
]);
// The header fields are PPP's, shared by its control protocols (TShark's `ppp.code`).
const [code, identifier, length] = fieldTable.extend('ppp', [
  { abbrev: 'ppp.code', name: 'Code', type: 'uint', bits: 8, strings: CODES },
  { abbrev: 'ppp.identifier', name: 'Identifier', type: 'uint', bits: 8 },
  { abbrev: 'ppp.length', name: 'Length', type: 'uint', bits: 16 },
]) as [FieldInfo, FieldInfo, FieldInfo];

function controlProtocol(name: string, shown: string, F: ProtocolFields<string>): Dissector {
  return {
    name,
    dissect(tvb, pinfo, tree, parent) {
      pinfo.protocol = shown;
      const node = beginProtocol(F, tvb, pinfo, tree, parent);
      const c = tvb.u8(0);
      tree.add(node, code, tvb, 0, 1, c);
      pinfo.setInfo(CODES[c] ?? `Unknown (0x${c.toString(16).padStart(2, '0')})`);
      tree.add(node, identifier, tvb, 1, 1, tvb.u8(1));
      tree.add(node, length, tvb, 2, 2, tvb.u16(2));
    },
  };
}

dissectorTable('ppp.protocol').add(0xc021, controlProtocol('lcp', 'PPP LCP', LCP));
dissectorTable('ppp.protocol').add(0x8021, controlProtocol('ipcp', 'PPP IPCP', IPCP));
const pf = PAP.f;

/** A PAP string: its length byte at `off`, then that many bytes; returns the offset after it. */
function papString(tvb: Tvb, tree: ProtoTree, node: number, off: number, lengthField: FieldInfo, field: FieldInfo): number {
  const len = tvb.u8(off);
  tree.add(node, lengthField, tvb, off, 1, len);
  tree.add(node, field, tvb, off + 1, len, tvb.ascii(off + 1, len));
  return off + 1 + len;
}

const pap: Dissector = {
  name: 'pap',
  dissect(tvb, pinfo, tree, parent) {
    const c = tvb.u8(0);
    pinfo.protocol = 'PPP PAP';
    pinfo.setInfo(PAP_CODES[c] ?? 'Unknown');
    const node = beginProtocol(PAP, tvb, pinfo, tree, parent);
    tree.add(node, pf.code, tvb, 0, 1, c);
    tree.add(node, pf.identifier, tvb, 1, 1, tvb.u8(1));
    tree.add(node, pf.length, tvb, 2, 2, tvb.u16(2));
    tvb.check(4, 0);
    const data = tree.add(node, pf.data, tvb, 4, tvb.length - 4);
    if (c === 1) {
      const off = papString(tvb, tree, data, 4, pf['peer_id.length'], pf.peer_id);
      papString(tvb, tree, data, off, pf['password.length'], pf.password);
    } else if (c === 2 || c === 3) {
      const len = tvb.u8(4);
      tree.add(data, pf['message.length'], tvb, 4, 1, len);
      if (len > 0) tree.add(data, pf.message, tvb, 5, len, tvb.ascii(5, len));
    } else tree.add(data, pf.stuff, tvb, 4, tvb.length - 4, tvb.view(4, tvb.length - 4));
  },
};

dissectorTable('ppp.protocol').add(0xc023, pap);
