import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { eap } from './eap.js';
import { setActualLength } from './eth.js';

/**
 * IEEE 802.1X EAP over LAN (EtherType 0x888e): version, type and length, which bounds the
 * packet (what follows is the Ethernet trailer). Info names the type (`Start`, `Logoff`,
 * `Key`); an EAP packet goes to EAP (eap.ts), off the protocol stack as in TShark.
 */
const TYPES: Record<number, string> = {
  0: 'EAP Packet',
  1: 'Start',
  2: 'Logoff',
  3: 'Key',
  4: 'Encapsulated ASF Alert',
  5: 'MKA',
};
const P = fieldTable.register('eapol', '802.1X Authentication', [
  { abbrev: 'eapol.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'eapol.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'eapol.len', name: 'Length', type: 'uint', bits: 16 },
]);
const f = P.f;

const eapol: Dissector = {
  name: 'eapol',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'EAPOL';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.version, tvb, 0, 1, tvb.u8(0));
    const type = tvb.u8(1);
    tree.add(node, f.type, tvb, 1, 1, type);
    pinfo.setInfo(TYPES[type] ?? `Unknown (${type})`);
    const len = tvb.u16(2);
    setActualLength(pinfo, tvb, 4 + len);
    tree.add(node, f.len, tvb, 2, 2, len);
    tree.setLength(node, Math.min(4 + len, tvb.length));
    if (type === 0) eap.dissect(tvb.pdu(4, len, false), pinfo, tree, parent);
  },
};

dissectorTable('ethertype').add(0x888e, eapol);
