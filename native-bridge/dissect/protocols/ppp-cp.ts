import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { type FieldInfo, type ProtocolFields, fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import './ppp.js'; // registers `ppp`, whose header fields these extend

/**
 * PPP's control protocols (RFC 1661 LCP 0xc021, RFC 1332 IPCP 0x8021) and PAP (RFC 1334,
 * 0xc023): code, identifier and length. Info is the code's name (`Echo Request`,
 * `Configuration Nak`, `Authenticate-Ack`); options and PAP's peer data are not decoded.
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
const PAP = fieldTable.register('pap', 'PPP Password Authentication Protocol', []);
const PAP_CODES: Record<number, string> = { 1: 'Authenticate-Request', 2: 'Authenticate-Ack', 3: 'Authenticate-Nak' };
// The header fields are PPP's, shared by its control protocols (TShark's `ppp.code`).
const [code, identifier, length] = fieldTable.extend('ppp', [
  { abbrev: 'ppp.code', name: 'Code', type: 'uint', bits: 8, strings: CODES },
  { abbrev: 'ppp.identifier', name: 'Identifier', type: 'uint', bits: 8 },
  { abbrev: 'ppp.length', name: 'Length', type: 'uint', bits: 16 },
]) as [FieldInfo, FieldInfo, FieldInfo];

function controlProtocol(name: string, shown: string, F: ProtocolFields<string>, codes: Record<number, string> = CODES): Dissector {
  return {
    name,
    dissect(tvb, pinfo, tree, parent) {
      pinfo.protocol = shown;
      const node = beginProtocol(F, tvb, pinfo, tree, parent);
      const c = tvb.u8(0);
      tree.add(node, code, tvb, 0, 1, c);
      pinfo.setInfo(codes[c] ?? `Unknown (0x${c.toString(16).padStart(2, '0')})`);
      tree.add(node, identifier, tvb, 1, 1, tvb.u8(1));
      tree.add(node, length, tvb, 2, 2, tvb.u16(2));
    },
  };
}

dissectorTable('ppp.protocol').add(0xc021, controlProtocol('lcp', 'PPP LCP', LCP));
dissectorTable('ppp.protocol').add(0x8021, controlProtocol('ipcp', 'PPP IPCP', IPCP));
dissectorTable('ppp.protocol').add(0xc023, controlProtocol('pap', 'PPP PAP', PAP, PAP_CODES));
