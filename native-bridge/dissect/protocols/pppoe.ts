import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { ppp } from './ppp.js';

/**
 * PPP over Ethernet (RFC 2516): discovery (EtherType 0x8863, `pppoed`: Info names the code,
 * `Active Discovery Initiation (PADI)`) and session (0x8864, `pppoes`: the PPP frame follows
 * the 6-byte header). Discovery tags are not decoded.
 */
const CODES: Record<number, string> = {
  0x00: 'Session Data',
  0x07: 'Active Discovery Offer (PADO)',
  0x09: 'Active Discovery Initiation (PADI)',
  0x19: 'Active Discovery Request (PADR)',
  0x65: 'Active Discovery Session-confirmation (PADS)',
  0xa7: 'Active Discovery Terminate (PADT)',
};
const D = fieldTable.register('pppoed', 'PPP-over-Ethernet Discovery', []);
const S = fieldTable.register('pppoes', 'PPP-over-Ethernet Session', []);
// Both share the header, whose fields TShark names `pppoe.*`.
const H = fieldTable.register('pppoe', 'PPP-over-Ethernet', [
  { abbrev: 'pppoe.version', name: 'Version', type: 'uint', bits: 8, mask: 0xf0, maskBits: 8 },
  { abbrev: 'pppoe.type', name: 'Type', type: 'uint', bits: 8, mask: 0x0f, maskBits: 8 },
  { abbrev: 'pppoe.code', name: 'Code', type: 'uint', base: 'hex', bits: 8, strings: CODES },
  { abbrev: 'pppoe.session_id', name: 'Session ID', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'pppoe.payload_length', name: 'Payload Length', type: 'uint', bits: 16 },
]);

function header(tvb: Parameters<Dissector['dissect']>[0], tree: Parameters<Dissector['dissect']>[2], node: number): number {
  const b0 = tvb.u8(0);
  const code = tvb.u8(1);
  tree.add(node, H.f.version, tvb, 0, 1, b0 >> 4);
  tree.add(node, H.f.type, tvb, 0, 1, b0 & 0x0f);
  tree.add(node, H.f.code, tvb, 1, 1, code);
  tree.add(node, H.f.session_id, tvb, 2, 2, tvb.u16(2));
  tree.add(node, H.f.payload_length, tvb, 4, 2, tvb.u16(4));
  return code;
}

const pppoed: Dissector = {
  name: 'pppoed',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'PPPoED';
    const node = beginProtocol(D, tvb, pinfo, tree, parent);
    const code = header(tvb, tree, node);
    pinfo.setInfo(CODES[code] ?? 'Unknown');
  },
};

const pppoes: Dissector = {
  name: 'pppoes',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'PPPoES';
    const node = beginProtocol(S, tvb, pinfo, tree, parent, 6);
    header(tvb, tree, node);
    pinfo.setInfo(CODES[tvb.u8(1)] ?? 'Unknown');
    const len = tvb.u16(4);
    tvb.check(6, 1);
    ppp.dissect(tvb.sub(6, Math.min(len, tvb.length - 6)), pinfo, tree, parent);
  },
};

dissectorTable('ethertype').add(0x8863, pppoed);
dissectorTable('ethertype').add(0x8864, pppoes);
